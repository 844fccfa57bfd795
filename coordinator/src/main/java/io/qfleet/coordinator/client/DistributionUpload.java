package io.qfleet.coordinator.client;

import io.qfleet.coordinator.fleet.AgentAccess;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.qfleet.proto.agent.v1.DistributionServiceGrpc;
import io.qfleet.proto.agent.v1.GetUploadResponse;
import io.qfleet.proto.agent.v1.UploadChunk;
import io.qfleet.proto.agent.v1.UploadDistributionRequest;
import io.qfleet.proto.agent.v1.UploadDistributionResponse;
import io.qfleet.proto.agent.v1.UploadHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Streams a file to one agent in 1 MiB chunks, honouring gRPC flow control, and resumes from the
 * agent's byte count after a broken stream instead of starting over: a distribution from this
 * machine, or a replica's seed read out of its primary's agent.
 */
final class DistributionUpload {
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int ATTEMPTS = 3;
    private static final long DEADLINE_MINUTES = 30;

    private final String address;
    private final AgentAccess access;
    private final DistributionServiceGrpc.DistributionServiceStub stub;
    private final Function<String, GetUploadResponse> status;

    DistributionUpload(String address, AgentAccess access, DistributionServiceGrpc.DistributionServiceStub stub,
            Function<String, GetUploadResponse> status) {
        this.address = address;
        this.access = access;
        this.stub = stub;
        this.status = status;
    }

    /** Where the bytes come from: a stream from {@code offset} to the end (a local file, another agent's archive). */
    interface Source {
        InputStream openAt(long offset) throws IOException;
    }

    void send(Path file, String sha256, ProgressSink sink) {
        send(file.getFileName().toString(), size(file), sha256, offset -> {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return Channels.newInputStream(channel);
        }, sink);
    }

    void send(String fileName, long size, String sha256, Source source, ProgressSink sink) {
        for (int attempt = 1; ; attempt++) {
            GetUploadResponse held = status.apply(sha256);
            if (held.getComplete()) {
                sink.progress("already on the agent", size, size, "bytes");
                return;
            }
            try {
                stream(fileName, source, sha256, size, held.getBytesReceived(), sink);
                return;
            } catch (AgentCallException e) {
                boolean transientFailure = e.unreachable() || e.reason().equals("upload_offset_mismatch");
                if (!transientFailure || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void stream(String fileName, Source source, String sha256, long size, long offset, ProgressSink sink) {
        CompletableFuture<UploadDistributionResponse> done = new CompletableFuture<>();
        Object readiness = new Object();
        ClientResponseObserver<UploadDistributionRequest, UploadDistributionResponse> responses = new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<UploadDistributionRequest> requests) {
                requests.setOnReadyHandler(() -> {
                    synchronized (readiness) {
                        readiness.notifyAll();
                    }
                });
            }

            @Override
            public void onNext(UploadDistributionResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
                synchronized (readiness) {
                    readiness.notifyAll();
                }
            }

            @Override
            public void onCompleted() {}
        };
        ClientCallStreamObserver<UploadDistributionRequest> requests = (ClientCallStreamObserver<UploadDistributionRequest>)
                stub.withDeadlineAfter(DEADLINE_MINUTES, TimeUnit.MINUTES).uploadDistribution(responses);
        requests.onNext(UploadDistributionRequest.newBuilder().setHeader(UploadHeader.newBuilder()
                .setFileName(fileName).setSizeBytes(size).setSha256(sha256)).build());
        try (InputStream in = source.openAt(offset)) {
            byte[] buffer = new byte[CHUNK_BYTES];
            long position = offset;
            while (position < size && !done.isDone()) {
                int read = in.readNBytes(buffer, 0, (int) Math.min(CHUNK_BYTES, size - position));
                if (read <= 0) {
                    break;
                }
                awaitReady(requests, done, readiness);
                requests.onNext(UploadDistributionRequest.newBuilder().setChunk(UploadChunk.newBuilder()
                        .setOffset(position).setData(GrpcAgentClient.bytes(buffer, read))).build());
                position += read;
                sink.progress("uploading " + fileName, position, size, "bytes");
            }
            requests.onCompleted();
        } catch (IOException | UncheckedIOException e) {
            requests.cancel("cannot read " + fileName, e);
            throw new AgentCallException("local_read_failed", "cannot read " + fileName + ": " + e.getMessage(), false, e);
        } catch (AgentCallException e) {
            requests.cancel("cannot read " + fileName, e); // the source is another agent, which failed
            throw e;
        }
        await(done);
    }

    private static void awaitReady(ClientCallStreamObserver<?> requests, CompletableFuture<?> done, Object readiness) {
        synchronized (readiness) {
            while (!requests.isReady() && !done.isDone()) {
                try {
                    readiness.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    requests.cancel("interrupted", e);
                    throw new AgentCallException("interrupted", "upload interrupted", false, e);
                }
            }
        }
    }

    private void await(CompletableFuture<UploadDistributionResponse> done) {
        try {
            done.get(DEADLINE_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException status) {
                throw AgentErrors.from(address, access, "UploadDistribution", status);
            }
            throw new AgentCallException("upload_failed", "agent " + address + ": upload failed: " + e.getCause(), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentCallException("interrupted", "upload interrupted", false, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AgentCallException("timeout", "agent " + address + ": upload did not finish in "
                    + DEADLINE_MINUTES + " minutes", false, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AgentCallException("local_read_failed", "cannot read " + file + ": " + e.getMessage(), false, e);
        }
    }
}
