package io.qfleet.agent.grpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.qfleet.agent.AgentException;
import io.qfleet.agent.backup.BackupPaths;
import io.qfleet.proto.agent.v1.ArchiveChunk;
import io.qfleet.proto.agent.v1.ArchiveServiceGrpc;
import io.qfleet.proto.agent.v1.ReadArchiveRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Adapter for ArchiveService: streams a complete archive (or its manifest) out of backup_dir, as
 * fast as the client takes it (gRPC flow control: a chunk is sent only while the call is ready).
 */
public final class ArchiveServiceImpl extends ArchiveServiceGrpc.ArchiveServiceImplBase {
    private static final int CHUNK_BYTES = 1 << 20;

    private final BackupPaths backups;

    public ArchiveServiceImpl(BackupPaths backups) {
        this.backups = requireNonNull(backups, "backups");
    }

    @Override
    public void readArchive(ReadArchiveRequest request, StreamObserver<ArchiveChunk> response) {
        Path archive = backups.requireArchive(request.getArchivePath());
        if (archive.getFileName().toString().endsWith(".partial")) {
            throw AgentException.invalidArgument("path_not_allowed", "archive " + archive + " is still being written");
        }
        Path file = request.getManifest() ? backups.requireArchive(BackupPaths.manifestOf(archive).toString()) : archive;
        FileChannel channel;
        long size;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
        } catch (IOException e) {
            throw AgentException.internal("archive_unreadable", "cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
        if (request.getOffset() < 0 || request.getOffset() > size) {
            close(channel);
            throw AgentException.invalidArgument("offset_out_of_range", "offset " + request.getOffset() + " (expected: 0-" + size + ")");
        }
        new Sender((ServerCallStreamObserver<ArchiveChunk>) response, channel, size, request.getOffset()).start();
    }

    /** Sends chunks whenever the call is ready; gRPC calls {@link #drain} again each time it becomes ready. */
    private static final class Sender {
        private final ServerCallStreamObserver<ArchiveChunk> call;
        private final FileChannel channel;
        private final long size;
        private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
        private long position;
        private boolean done;

        Sender(ServerCallStreamObserver<ArchiveChunk> call, FileChannel channel, long size, long offset) {
            this.call = call;
            this.channel = channel;
            this.size = size;
            this.position = offset;
        }

        void start() {
            call.setOnCancelHandler(this::finish);
            call.setOnReadyHandler(this::drain);
            drain();
        }

        private synchronized void drain() {
            try {
                while (!done && call.isReady()) {
                    if (position >= size) {
                        finish();
                        call.onCompleted();
                        return;
                    }
                    buffer.clear();
                    int read = channel.read(buffer, position);
                    if (read <= 0) {
                        throw new IOException("the file ended at " + position + " of " + size + " bytes");
                    }
                    call.onNext(ArchiveChunk.newBuilder().setOffset(position).setSize(size)
                            .setData(ByteString.copyFrom(buffer.array(), 0, read)).build());
                    position += read;
                }
            } catch (IOException e) {
                finish();
                call.onError(StatusMapping.toStatus(AgentException.internal("archive_unreadable",
                        "cannot read the archive at " + position + ": " + e.getClass().getSimpleName(), e)));
            }
        }

        private synchronized void finish() {
            if (!done) {
                done = true;
                close(channel);
            }
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // read only: nothing was left unwritten
        }
    }
}
