package io.qfleet.agent.backup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The archive file at the end of the stream chain. Closing it (which closing the compressor does)
 * forces the content to disk first, so the rename that follows never publishes unsynced data.
 *
 * <p>A single fsync at the end would make the backup wait for the disk to write the whole archive
 * after compressing it (measured: most of the gap to {@code tar | zstd}, which never syncs). So a
 * background thread syncs what was written every {@link #SYNC_EVERY} bytes while archiving goes on,
 * and the final fsync finds little left to do. A failure of a background sync is thrown by the
 * next write or by close.
 */
final class FileSink extends OutputStream {
    static final long SYNC_EVERY = 32L << 20;

    private final FileChannel channel;
    private final ExecutorService syncer;
    private Future<?> pendingSync;
    private long written;
    private long syncRequestedAt;
    private boolean closed;

    private FileSink(FileChannel channel) {
        this.channel = channel;
        this.syncer = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "qfleet-archive-sync");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Creates {@code file}; it must not exist yet. */
    static FileSink create(Path file) throws IOException {
        return new FileSink(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    long written() {
        return written;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
        if (written - syncRequestedAt >= SYNC_EVERY && (pendingSync == null || pendingSync.isDone())) {
            awaitSync(); // rethrows a failed earlier sync
            syncRequestedAt = written;
            pendingSync = syncer.submit(() -> {
                channel.force(false);
                return null;
            });
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            awaitSync();
            channel.force(true);
        } finally {
            syncer.shutdownNow();
        }
    }

    /** Closes without syncing, after a failure: the file is about to be deleted. */
    void abandon() {
        closed = true;
        syncer.shutdownNow();
        try {
            channel.close();
        } catch (IOException e) {
            // the caller deletes the file and reports the first failure
        }
    }

    private void awaitSync() throws IOException {
        if (pendingSync == null) {
            return;
        }
        try {
            pendingSync.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while syncing the archive");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("syncing the archive failed", e.getCause());
        } finally {
            pendingSync = null;
        }
    }
}
