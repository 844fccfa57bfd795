package io.qfleet.agent.install;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Builds tarballs, hostile ones included: names are written exactly as given. */
final class TestTars {
    enum Compression { PLAIN, GZIP, ZSTD }

    private record Item(TarArchiveEntry entry, byte[] content) {
    }

    private final List<Item> items = new ArrayList<>();

    TestTars dir(String name) {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
        entry.setMode(040755);
        return add(entry, null);
    }

    TestTars file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    TestTars file(String name, byte[] content, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setMode(0100000 | mode);
        entry.setSize(content.length);
        return add(entry, content);
    }

    TestTars symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        return add(entry, null);
    }

    TestTars hardlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        return add(entry, null);
    }

    /** A device or FIFO entry: {@link TarConstants#LF_CHR}, {@link TarConstants#LF_BLK}, {@link TarConstants#LF_FIFO}. */
    TestTars special(String name, byte flag) {
        TarArchiveEntry entry = new TarArchiveEntry(name, flag, true);
        entry.setDevMajor(1);
        entry.setDevMinor(3);
        return add(entry, null);
    }

    Path write(Path file, Compression compression) throws IOException {
        Files.write(file, bytes(compression));
        return file;
    }

    byte[] bytes(Compression compression) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream compressed = compress(buffer, compression);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Item item : items) {
                tar.putArchiveEntry(item.entry());
                if (item.content() != null) {
                    tar.write(item.content());
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return buffer.toByteArray();
    }

    private TestTars add(TarArchiveEntry entry, byte[] content) {
        items.add(new Item(entry, content));
        return this;
    }

    private static OutputStream compress(OutputStream out, Compression compression) throws IOException {
        return switch (compression) {
            case PLAIN -> out;
            case GZIP -> new GzipCompressorOutputStream(out);
            case ZSTD -> new ZstdCompressorOutputStream(out);
        };
    }
}
