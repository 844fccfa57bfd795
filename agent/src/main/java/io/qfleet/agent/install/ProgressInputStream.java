package io.qfleet.agent.install;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the compressed bytes read from the archive file and reports them about once per MiB. */
final class ProgressInputStream extends FilterInputStream {
    private static final long REPORT_EVERY = 1 << 20;

    private final long total;
    private final ExtractProgress progress;
    private long done;
    private long reported;

    ProgressInputStream(InputStream in, long total, ExtractProgress progress) {
        super(in);
        this.total = total;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    /** The last report, so a caller always sees the final count. */
    void finish() {
        reported = done;
        progress.bytesDone(done, total);
    }

    private void count(long n) {
        done += n;
        if (done - reported >= REPORT_EVERY) {
            reported = done;
            progress.bytesDone(done, total);
        }
    }
}
