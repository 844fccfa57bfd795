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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Streams a distribution to one agent in 1 MiB chunks, honouring gRPC flow control, and resumes
 * from the agent's byte count after a broken stream instead of starting over.
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

    void send(Path file, String sha256, ProgressSink sink) {
        long size = size(file);
        for (int attempt = 1; ; attempt++) {
            GetUploadResponse held = status.apply(sha256);
            if (held.getComplete()) {
                sink.progress("already on the agent", size, size, "bytes");
                return;
            }
            try {
                stream(file, sha256, size, held.getBytesReceived(), sink);
                return;
            } catch (AgentCallException e) {
                boolean transientFailure = e.unreachable() || e.reason().equals("upload_offset_mismatch");
                if (!transientFailure || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void stream(Path file, String sha256, long size, long offset, ProgressSink sink) {
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
                .setFileName(file.getFileName().toString()).setSizeBytes(size).setSha256(sha256)).build());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
            long position = offset;
            while (position < size && !done.isDone()) {
                buffer.clear();
                int read = channel.read(buffer, position);
                if (read <= 0) {
                    break;
                }
                awaitReady(requests, done, readiness);
                requests.onNext(UploadDistributionRequest.newBuilder().setChunk(UploadChunk.newBuilder()
                        .setOffset(position).setData(GrpcAgentClient.bytes(buffer.array(), read))).build());
                position += read;
                sink.progress("uploading " + file.getFileName(), position, size, "bytes");
            }
            requests.onCompleted();
        } catch (IOException e) {
            requests.cancel("cannot read " + file, e);
            throw new AgentCallException("local_read_failed", "cannot read " + file + ": " + e.getMessage(), false, e);
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
