package io.qfleet.coordinator.fleet;

import io.qfleet.proto.QuestDbConfKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The server.conf keys the target distribution knows ({@link QuestDbConfKeys}), read from the
 * {@code questdb.jar} inside its tarball, for preflight's check of each host's server.conf. Open Source
 * jars only: an Enterprise jar (one holding {@code com/questdb/}) validates against key lists of its own,
 * and a runtime image has no jar to read; both, and anything unreadable, are "not known". Read once per
 * file per command (streamed, nothing unpacked to disk).
 */
public final class DistributionConfKeys {
    private static final String JAR = "questdb.jar";
    private static final Map<Path, Optional<Set<String>>> READ = new ConcurrentHashMap<>();

    private DistributionConfKeys() {}

    /** The keys, or empty when they cannot be known from this file. */
    public static Optional<Set<String>> of(Path distribution) {
        return READ.computeIfAbsent(distribution.toAbsolutePath().normalize(), DistributionConfKeys::read);
    }

    private static Optional<Set<String>> read(Path distribution) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(distribution)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName();
                if (entry.isFile() && (name.equals(JAR) || name.endsWith("/" + JAR) && name.indexOf('/') == name.length() - JAR.length() - 1)) {
                    return fromJar(tar);
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not a tarball we can read: staging says what is wrong with it
        }
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
                propertyKey = zip.readAllBytes();
            }
        }
        return propertyKey == null ? Optional.empty() : QuestDbConfKeys.fromClassFile(new ByteArrayInputStream(propertyKey));
    }
}
