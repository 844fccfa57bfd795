package io.qfleet.agent.install;

import io.qfleet.agent.AgentException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One stream of chunks into an {@link UploadStore}. Chunks must arrive in order, each at exactly
 * {@link #bytesReceived()}. The SHA-256 is kept running as chunks arrive; a resumed session
 * re-hashes the partial file's prefix first, so the digest always covers the whole file.
 *
 * <p>Not thread-safe: one gRPC stream feeds one session. {@link #close()} keeps the partial file.
 */
public final class UploadSession implements Closeable {
    private final String fileName;
    private final String sha256;
    private final long size;
    private final Path partial;
    private final Path completeFile;
    private final Runnable release;
    private final MessageDigest digest;
    private FileChannel channel;
    private long received;
    private boolean complete;

    private UploadSession(String fileName, String sha256, long size, Path partial, Path completeFile,
            Runnable release, FileChannel channel, MessageDigest digest, long received) {
        this.fileName = fileName;
        this.sha256 = sha256;
        this.size = size;
        this.partial = partial;
        this.completeFile = completeFile;
        this.release = release;
        this.channel = channel;
        this.digest = digest;
        this.received = received;
    }

    static UploadSession completed(String fileName, String sha256, long size) {
        UploadSession session = new UploadSession(fileName, sha256, size, null, null, () -> { }, null, null, size);
        session.complete = true;
        return session;
    }

    static UploadSession resume(String fileName, String sha256, long size, Path partial, Path completeFile,
            Runnable release) throws IOException {
        FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            MessageDigest digest = newDigest();
            long received = hashPrefix(channel, digest);
            channel.position(received);
            UploadSession session = new UploadSession(fileName, sha256, size, partial, completeFile, release,
                    channel, digest, received);
            if (received == size) {
                // A previous agent stored every byte but stopped before the check and rename.
                session.finish();
            }
            return session;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public long bytesReceived() {
        return received;
    }

    public boolean complete() {
        return complete;
    }

    /** Appends {@code len} bytes at {@code offset}; the last chunk checks the SHA-256 and completes the file. */
    public void append(long offset, byte[] data, int off, int len) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(off, len, data.length);
        if (offset != received) {
            throw AgentException.failedPrecondition("upload_offset_mismatch", "chunk at offset " + offset + " but "
                    + received + " bytes received; call GetUpload and resume from " + received);
        }
        if (len > size - received) {
            throw AgentException.invalidArgument("upload_beyond_size", "upload " + fileName + ": chunk of " + len
                    + " bytes at offset " + offset + " goes past the declared size of " + size + " bytes");
        }
        if (len == 0) {
            return;
        }
        if (channel == null) {
            throw AgentException.failedPrecondition("upload_closed",
                    "upload " + fileName + ": session is closed; open a new one and resume from " + received);
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(data, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            digest.update(data, off, len);
            received += len;
            if (received == size) {
                finish();
            }
        } catch (IOException e) {
            throw AgentException.internal("upload_io", "upload " + fileName + ": cannot write " + partial + ": " + e, e);
        }
    }

    /** Flushes what arrived to disk and keeps the partial file for a later resume. Idempotent. */
    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try (FileChannel toClose = channel) {
            channel = null;
            toClose.force(true);
        } catch (IOException e) {
            throw AgentException.internal("upload_io", "upload " + fileName + ": cannot sync " + partial + ": " + e, e);
        } finally {
            release.run();
        }
    }

    private void finish() throws IOException {
        try (FileChannel toClose = channel) {
            channel = null;
            toClose.force(true);
        } finally {
            release.run();
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            Files.deleteIfExists(partial);
            throw AgentException.invalidArgument("sha256_mismatch", "upload " + fileName + ": SHA-256 is " + actual
                    + ", expected " + sha256 + "; the partial file was deleted");
        }
        Files.move(partial, completeFile, StandardCopyOption.ATOMIC_MOVE);
        Fsync.directory(completeFile.getParent());
        complete = true;
    }

    private static long hashPrefix(FileChannel channel, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long position = 0;
        int n;
        while ((n = channel.read(buffer, position)) > 0) {
            digest.update(buffer.array(), 0, n);
            buffer.clear();
            position += n;
        }
        return position;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
