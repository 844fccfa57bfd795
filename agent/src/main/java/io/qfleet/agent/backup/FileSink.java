package io.qfleet.agent.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The archive file at the end of the stream chain. Closing it (which closing the compressor does)
 * forces the content to disk first, so the rename that follows never publishes unsynced data.
 */
final class FileSink extends OutputStream {
    private final FileChannel channel;
    private long written;
    private boolean closed;

    private FileSink(FileChannel channel) {
        this.channel = channel;
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
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            channel.force(true);
        }
    }

    /** Closes without syncing, after a failure: the file is about to be deleted. */
    void abandon() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // the caller deletes the file and reports the first failure
        }
    }
}
