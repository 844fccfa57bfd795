package io.qfleet.coordinator.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.qfleet.coordinator.demo.PackedDistribution;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Distributions that must be refused: QuestDB's no-JRE layout ({@code questdb-<v>-no-jre-bin/questdb.jar})
 * plus one hostile entry, written with names exactly as given (absolute paths are preserved), and jars
 * that are damaged in ways a download or a bad build could produce.
 */
final class TestTarballs {
    /** The kind of hostile entry appended after the real jar. */
    enum Hostile { ABSOLUTE_PATH, DOT_DOT, SYMLINK_OUTSIDE }

    static final String CORRUPTED_CLASS = "io/questdb/ServerMain.class";

    private TestTarballs() {
    }

    static String top(String version) {
        return "questdb-" + version + "-no-jre-bin";
    }

    /**
     * {@code <top>/}, {@code <top>/questdb.jar}, then the hostile entry named {@code hostileName}: a file
     * for ABSOLUTE_PATH and DOT_DOT, a symlink to {@code linkTarget} for SYMLINK_OUTSIDE.
     */
    static PackedDistribution hostile(Path jar, String version, Path outDir, Hostile kind, String hostileName,
            String linkTarget) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve(top(version) + ".tar.gz");
        MessageDigest sha256 = sha256();
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), sha256);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry dir = new TarArchiveEntry(top(version) + "/", TarConstants.LF_DIR, true);
            dir.setMode(040755);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            TarArchiveEntry jarEntry = new TarArchiveEntry(top(version) + "/questdb.jar", TarConstants.LF_NORMAL, true);
            jarEntry.setMode(0100644);
            jarEntry.setSize(Files.size(jar));
            tar.putArchiveEntry(jarEntry);
            Files.copy(jar, tar);
            tar.closeArchiveEntry();
            if (kind == Hostile.SYMLINK_OUTSIDE) {
                TarArchiveEntry link = new TarArchiveEntry(hostileName, TarConstants.LF_SYMLINK, true);
                link.setLinkName(linkTarget);
                tar.putArchiveEntry(link);
            } else {
                byte[] content = "written by a hostile tarball\n".getBytes(UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(hostileName, TarConstants.LF_NORMAL, true);
                entry.setMode(0100644);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
            }
            tar.closeArchiveEntry();
            tar.finish();
        }
        return new PackedDistribution(file, HexFormat.of().formatHex(sha256.digest()), version);
    }

    /**
     * A copy of {@code jar} where {@link #CORRUPTED_CLASS} holds garbage: still a valid zip with correct
     * CRCs (so staging accepts it), but no JVM can load QuestDB's main class from it.
     */
    static Path withGarbageMainClass(Path jar, Path out) throws IOException {
        byte[] garbage = new byte[4096];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        boolean replaced = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(CORRUPTED_CLASS)) {
                    zip.write(garbage);
                    replaced = true;
                } else {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        if (!replaced) {
            throw new IllegalStateException(jar + " has no " + CORRUPTED_CLASS);
        }
        return out;
    }

    /** The first half of {@code jar}: the central directory is gone, so it is no zip at all. */
    static Path truncated(Path jar, Path out) throws IOException {
        try (InputStream in = Files.newInputStream(jar)) {
            Files.write(out, in.readNBytes((int) (Files.size(jar) / 2)));
        }
        return out;
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
