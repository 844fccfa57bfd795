package io.qfleet.agent.backup;

import io.qfleet.agent.operation.OperationContext;
import java.util.Locale;

/** What archiving and verifying report while they run, on their own thread; both calls must be quick. */
public interface ArchiveProgress {
    /** Content bytes handled so far; called once per chunk (1 MiB at most). */
    void bytesDone(long done);

    /** Throws {@link io.qfleet.agent.operation.OperationCancelledException} to stop the work at this chunk. */
    void checkCancelled();

    /** Nothing reported, never cancelled. */
    ArchiveProgress NONE = new ArchiveProgress() {
        @Override
        public void bytesDone(long done) {
        }

        @Override
        public void checkCancelled() {
        }
    };

    /** Progress events on {@code context} ("archiving at 412 MB/s", done of total bytes) and its cancel flag. */
    static ArchiveProgress of(OperationContext context, String verb, long total) {
        long start = System.nanoTime();
        return new ArchiveProgress() {
            @Override
            public void bytesDone(long done) {
                double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
                context.progress(String.format(Locale.ROOT, "%s at %.0f MB/s", verb, done / 1e6 / seconds), done,
                        Math.max(total, done), "bytes");
            }

            @Override
            public void checkCancelled() {
                context.checkCancelled();
            }
        };
    }
}
