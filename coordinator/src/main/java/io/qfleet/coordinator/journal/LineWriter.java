package io.qfleet.coordinator.journal;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Writes lines to a file on a thread of its own ({@code qfleet-journal}): callers hand their lines
 * over, and it writes everything handed over since its last write at once, then forces the file
 * when a caller waits for the disk (group commit), completing only that batch's future. A thousand
 * hosts in flight then cost a write and an fsync per batch rather than per line, no caller queues
 * behind another's write, and none wakes for a force that did not cover its line.
 */
final class LineWriter {

    /** Where the lines go: the journal's file. */
    interface Disk {
        void write(ByteBuffer bytes) throws IOException;

        /** Forces what was written to the device (fdatasync). */
        void force() throws IOException;
    }

    private final String what;
    private final Disk disk;
    private final Thread thread;
    /** Lines handed over and not yet taken by the writer. Guarded by this. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** Whether a caller waits for a pending line to be on disk. Guarded by this. */
    private boolean forceWanted;
    /** Completes once the pending lines are written (and forced, if wanted). Guarded by this. */
    private CompletableFuture<Void> nextBatch = new CompletableFuture<>();
    /** Why no more lines are taken: closed, or the writer failed. Guarded by this. */
    private RuntimeException shut;
    /** Why the writer ended, when not by close(). Guarded by this. */
    private UncheckedIOException failure;
    private boolean unforced; // written since the last force; the writer thread's own

    /** Starts the writer of {@code what} ("the run journal /runs/r1/journal.jsonl"), for messages. */
    LineWriter(String what, Disk disk) {
        this.what = requireNonNull(what, "what");
        this.disk = requireNonNull(disk, "disk");
        this.thread = new Thread(this::writeBatches, "qfleet-journal");
        thread.setDaemon(true); // close() ends it; a JVM killed first loses at most lines not yet written, as any crash
        thread.start();
    }

    /**
     * Queues {@code line}; the future completes once it is written, and forced if {@code force}, or
     * fails if the writer does.
     *
     * @throws RuntimeException when closed, or when an earlier write failed
     */
    synchronized CompletableFuture<Void> hand(byte[] line, boolean force) {
        if (shut != null) {
            throw shut;
        }
        pending.writeBytes(line);
        forceWanted |= force;
        notifyAll(); // the writer
        return nextBatch;
    }

    /**
     * Writes what is left, forces it and ends the writer, also from an interrupted thread (the writer
     * does the I/O: an interrupted thread's I/O would close the file under it).
     *
     * @throws UncheckedIOException when the last lines could not be written or forced (an earlier
     *     failure was thrown to the callers it failed)
     */
    void close() {
        UncheckedIOException earlier;
        synchronized (this) {
            earlier = failure;
            if (shut == null) {
                shut = new IllegalStateException(what + " is closed");
            }
            notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        UncheckedIOException last;
        synchronized (this) {
            last = failure;
        }
        if (last != null && last != earlier) {
            throw new UncheckedIOException(last.getMessage() + " (before closing it)", last.getCause());
        }
    }

    /**
     * The writer thread: batches until closed and drained, then forces what was written without a
     * force. Whatever ends it otherwise (a failed write, an Error) shuts the writer and fails every
     * waiting caller: none waits forever.
     */
    private void writeBatches() {
        try {
            while (writeBatch()) {
                // until closed and drained
            }
            if (unforced) {
                disk.force();
            }
        } catch (Throwable e) {
            UncheckedIOException failed = failure(e);
            synchronized (this) {
                shut = failed;
                failure = failed;
                nextBatch.completeExceptionally(failed);
            }
        }
    }

    /** "cannot write the run journal ...: No space left on device". */
    private UncheckedIOException failure(Throwable e) {
        IOException io = e instanceof IOException i ? i : new IOException(e.toString(), e);
        return new UncheckedIOException("cannot write " + what + ": " + io.getMessage(), io);
    }

    /** Writes one batch; false once closed with nothing left to write. */
    private boolean writeBatch() throws IOException {
        byte[] lines;
        boolean force;
        CompletableFuture<Void> batch;
        synchronized (this) {
            while (pending.size() == 0 && shut == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // only close() ends this thread, through shut
                }
            }
            if (pending.size() == 0) {
                return false;
            }
            lines = pending.toByteArray();
            pending.reset();
            force = forceWanted;
            forceWanted = false;
            batch = nextBatch;
            nextBatch = new CompletableFuture<>();
        }
        try {
            disk.write(ByteBuffer.wrap(lines));
            unforced = !force;
            if (force) {
                disk.force();
            }
        } catch (IOException | RuntimeException | Error e) {
            batch.completeExceptionally(failure(e));
            throw e;
        }
        batch.complete(null);
        return true;
    }
}
