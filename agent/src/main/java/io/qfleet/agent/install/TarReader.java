package io.qfleet.agent.install;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads from the archive and turns read failures into {@code corrupt_archive}, so that a
 * truncated download is told apart from a failure to write the target.
 */
final class TarReader {
    private final String archiveName;
    private final TarArchiveInputStream tar;
    private final InputStream decompressed;
    private final byte[] buffer = new byte[1 << 16];

    TarReader(String archiveName, TarArchiveInputStream tar, InputStream decompressed) {
        this.archiveName = archiveName;
        this.tar = tar;
        this.decompressed = decompressed;
    }

    TarArchiveEntry next() {
        try {
            return tar.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    /** Copies the current entry's content; returns the bytes copied. */
    long copyEntry(OutputStream out) throws IOException {
        long copied = 0;
        int n;
        while ((n = read()) != -1) {
            out.write(buffer, 0, n);
            copied += n;
        }
        return copied;
    }

    /**
     * Reads what follows the tar's end marker: a gzip or zstd stream checks its length and
     * checksum only at its very end, so a damaged tail would otherwise pass unnoticed.
     */
    void drain() {
        try {
            while (decompressed.read(buffer) != -1) {
                // nothing to keep
            }
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    AgentException corrupt(Exception e) {
        return new AgentException(AgentException.Kind.INVALID_ARGUMENT, "corrupt_archive", "archive " + archiveName
                + " is damaged or truncated: " + Quote.reason(e) + " (refused; nothing was installed)", false, e);
    }

    private int read() {
        try {
            return tar.read(buffer);
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }
}
