package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import io.qfleet.proto.QuestDbConfKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The server.conf keys the target distribution knows ({@link QuestDbConfKeys}), read from the
 * {@code questdb.jar} inside its tarball, for preflight's check of each host's server.conf. Open Source
 * jars only: an Enterprise jar (one holding {@code com/questdb/}) validates against key lists of its own,
 * and a runtime image has no jar to read; both, and a file that is not a readable tarball, are "not
 * known". Read once per file as it is (path, size, modification time) per command, streamed (a read cut
 * short by an interrupt is not kept).
 */
public final class DistributionConfKeys {
    private static final String JAR = "questdb.jar";
    /** PropertyKey.class is ~70 KB in 9.2.2: a hostile tarball's huge entry is not read into the heap. */
    private static final int MAX_CLASS_BYTES = 1 << 20;
    private static final Map<FileVersion, Optional<Set<String>>> READ = new ConcurrentHashMap<>();

    private record FileVersion(Path path, long size, long modified) {}

    private DistributionConfKeys() {}

    /** The keys, or empty when they cannot be known from this file. */
    public static Optional<Set<String>> of(Path distribution) {
        requireNonNull(distribution, "distribution");
        FileVersion version;
        try {
            Path path = distribution.toAbsolutePath().normalize();
            version = new FileVersion(path, Files.size(path), Files.getLastModifiedTime(path).toMillis());
        } catch (IOException e) {
            return Optional.empty(); // staging says what is wrong with the file
        }
        Optional<Set<String>> known = READ.get(version);
        if (known != null) {
            return known;
        }
        try {
            known = read(version.path());
        } catch (ClosedByInterruptException | InterruptedIOException e) {
            return Optional.empty(); // this read was cut short, not the file: the next asks again
        } catch (IOException | RuntimeException e) {
            known = Optional.empty(); // not a tarball or jar we can read: staging says what is wrong with it
        }
        READ.putIfAbsent(version, known);
        return known;
    }

    private static Optional<Set<String>> read(Path distribution) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(distribution)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile() && isTopJar(entry.getName())) {
                    return fromJar(tar);
                }
            }
            return Optional.empty();
        }
    }

    /** {@code questdb.jar} at the top or one directory down ({@code questdb-9.2.2-no-jre-bin/questdb.jar}), a {@code ./} lead ignored. */
    static boolean isTopJar(String name) {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        int slash = path.indexOf('/');
        return path.equals(JAR) || (slash > 0 && path.substring(slash + 1).equals(JAR));
    }

    /** The whole jar is read: an Enterprise class may come after PropertyKey. */
    private static Optional<Set<String>> fromJar(InputStream jar) throws IOException {
        ZipInputStream zip = new ZipInputStream(jar); // not closed: that would close the tar under it
        byte[] propertyKey = null;
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (entry.getName().startsWith("com/questdb/")) {
                return Optional.empty();
            }
            if (entry.getName().equals(QuestDbConfKeys.PROPERTY_KEY_CLASS)) {
                propertyKey = zip.readNBytes(MAX_CLASS_BYTES + 1);
                if (propertyKey.length > MAX_CLASS_BYTES) {
                    throw new ZipException(QuestDbConfKeys.PROPERTY_KEY_CLASS + " is over " + MAX_CLASS_BYTES + " bytes");
                }
            }
        }
        return propertyKey == null ? Optional.empty() : QuestDbConfKeys.fromClassFile(new ByteArrayInputStream(propertyKey));
    }
}
