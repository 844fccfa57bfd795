package io.qfleet.agent.backup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** Opens an archive for reading, decompressed by what its first bytes say (zstd, gzip or plain tar). */
final class ArchiveInput {
    private static final int[] ZSTD_MAGIC = {0x28, 0xb5, 0x2f, 0xfd};
    private static final int[] GZIP_MAGIC = {0x1f, 0x8b};

    private ArchiveInput() {
    }

    static InputStream open(Path archive) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        try {
            in.mark(ZSTD_MAGIC.length);
            byte[] magic = in.readNBytes(ZSTD_MAGIC.length);
            in.reset();
            if (startsWith(magic, ZSTD_MAGIC)) {
                return new ZstdCompressorInputStream(in);
            }
            if (startsWith(magic, GZIP_MAGIC)) {
                return GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
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
