package io.qfleet.agent.install;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Unpacks a tarball (gzip, zstd or plain tar, told apart by magic bytes) into a new directory,
 * checking every entry before anything is written for it: no absolute paths, no {@code ..}, no
 * links that leave the target, no devices or FIFOs. For a distribution ({@link ExtractOptions#DISTRIBUTION})
 * files get mode 755 when the owner could execute them, else 644, and when every entry sits under
 * one top-level directory (as in {@code questdb-9.2.2-no-jre-bin/}) that directory is stripped; a
 * backup ({@link ExtractOptions#BACKUP}) keeps its layout and modes.
 *
 * <p>All or nothing: on any refusal or failure the target directory is deleted again.
 */
public final class SafeArchiveExtractor {
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final int[] ZSTD_MAGIC = {0x28, 0xb5, 0x2f, 0xfd};

    private SafeArchiveExtractor() {
    }

    /** Extracts a distribution {@code archive} into {@code target}, which must not exist yet and is created. */
    public static ExtractResult extract(Path archive, Path target, ExtractProgress progress) {
        return extract(archive, target, ExtractOptions.DISTRIBUTION, progress);
    }

    /** Extracts {@code archive} into {@code target}, which must not exist yet and is created. */
    public static ExtractResult extract(Path archive, Path target, ExtractOptions options, ExtractProgress progress) {
        requireNonNull(archive, "archive");
        requireNonNull(options, "options");
        requireNonNull(target, "target");
        requireNonNull(progress, "progress");
        Path root = target.toAbsolutePath().normalize();
        String archiveName = String.valueOf(archive.getFileName());
        if (!Files.isRegularFile(archive)) {
            throw AgentException.notFound("archive_not_found", "archive " + archive + " does not exist");
        }
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            throw AgentException.failedPrecondition("extract_target_exists",
                    "extract target " + root + " already exists; remove it first");
        }
        boolean done = false;
        try {
            long total = Files.size(archive);
            Files.createDirectory(root);
            try (ProgressInputStream counted = new ProgressInputStream(Files.newInputStream(archive), total, progress);
                    InputStream decompressed = decompress(archiveName, new BufferedInputStream(counted, 1 << 16));
                    TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
                ExtractResult result = new TarExtraction(archiveName, root, tar, decompressed, options).run();
                counted.finish();
                done = true;
                return result;
            }
        } catch (IOException e) {
            throw AgentException.internal("extract_failed", "archive " + archiveName + ": cannot extract into "
                    + root + ": " + Quote.reason(e), e);
        } finally {
            if (!done) {
                DirectoryTrees.deleteQuietly(root);
            }
        }
    }

    private static InputStream decompress(String archiveName, BufferedInputStream in) {
        try {
            in.mark(ZSTD_MAGIC.length);
            byte[] magic = in.readNBytes(ZSTD_MAGIC.length);
            in.reset();
            if (magic.length >= 2 && (magic[0] & 0xff) == GZIP_MAGIC_0 && (magic[1] & 0xff) == GZIP_MAGIC_1) {
                // Concatenated members are valid gzip (pigz and cat produce them).
                return GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            }
            if (startsWith(magic, ZSTD_MAGIC)) {
                return new ZstdCompressorInputStream(in);
            }
            return in;
        } catch (IOException | RuntimeException e) {
            throw AgentException.invalidArgument("corrupt_archive", "archive " + archiveName
                    + " is damaged or truncated: " + Quote.reason(e) + " (refused; nothing was installed)");
        }
    }

    private static boolean startsWith(byte[] bytes, int[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
