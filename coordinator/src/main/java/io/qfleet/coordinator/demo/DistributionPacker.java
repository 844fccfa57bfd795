package io.qfleet.coordinator.demo;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Packs a QuestDB jar as the no-JRE tarball QuestDB publishes ({@code questdb-<v>-no-jre-bin.tar.gz}, one
 * top directory with {@code questdb.jar} and {@code questdb.sh}), so the demo uploads the same layout an
 * operator would download. The SHA-256 is taken from the bytes as they are written.
 */
public final class DistributionPacker {
    static final String SCRIPT = """
            #!/bin/sh
            # Starts QuestDB from this directory (written by qfleet demo; the released questdb.sh does much more).
            exec java -p "$(dirname "$0")/questdb.jar" -m io.questdb/io.questdb.ServerMain -d "${QDB_ROOT:-$HOME/.questdb}" "$@"
            """;
    private static final int DIR_MODE = 040755;
    private static final int FILE_MODE = 0100644;
    private static final int SCRIPT_MODE = 0100755;

    private DistributionPacker() {
    }

    public static PackedDistribution pack(Path jar, String version, Path outDir) {
        requireNonNull(jar, "jar");
        requireNonNull(version, "version");
        requireNonNull(outDir, "outDir");
        String top = "questdb-" + version + "-no-jre-bin";
        Path file = outDir.toAbsolutePath().resolve(top + ".tar.gz");
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        MessageDigest sha256 = sha256();
        try {
            Files.createDirectories(outDir);
            FileTime modified = Files.getLastModifiedTime(jar);
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)), sha256);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out, fastGzip()))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.putArchiveEntry(entry(top + "/", DIR_MODE, 0, modified));
                tar.closeArchiveEntry();
                tar.putArchiveEntry(entry(top + "/questdb.jar", FILE_MODE, Files.size(jar), modified));
                Files.copy(jar, tar);
                tar.closeArchiveEntry();
                byte[] script = SCRIPT.getBytes(US_ASCII);
                tar.putArchiveEntry(entry(top + "/questdb.sh", SCRIPT_MODE, script.length, modified));
                tar.write(script);
                tar.closeArchiveEntry();
                tar.finish();
            }
            // Never leave a half-written tarball under the final name.
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("packing " + jar + " into " + file + " failed", e);
        }
        return new PackedDistribution(file, HexFormat.of().formatHex(sha256.digest()), version);
    }

    private static TarArchiveEntry entry(String name, int mode, long size, FileTime modified) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode);
        entry.setSize(size);
        entry.setModTime(modified);
        return entry;
    }

    private static GzipParameters fastGzip() {
        // The jar is already deflated: harder compression costs seconds and saves almost nothing.
        GzipParameters parameters = new GzipParameters();
        parameters.setCompressionLevel(Deflater.BEST_SPEED);
        return parameters;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
