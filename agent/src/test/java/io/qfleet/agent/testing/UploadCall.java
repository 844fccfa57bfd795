package io.qfleet.agent.testing;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.qfleet.proto.agent.v1.DistributionServiceGrpc;
import io.qfleet.proto.agent.v1.UploadChunk;
import io.qfleet.proto.agent.v1.UploadDistributionRequest;
import io.qfleet.proto.agent.v1.UploadDistributionResponse;
import io.qfleet.proto.agent.v1.UploadHeader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One client stream of UploadDistribution: the header is sent on open, then chunks, then finish or cancel. */
public final class UploadCall {
    private final CompletableFuture<UploadDistributionResponse> result = new CompletableFuture<>();
    private final ClientCallStreamObserver<UploadDistributionRequest> requests;

    UploadCall(DistributionServiceGrpc.DistributionServiceStub stub, UploadHeader header) {
        requests = (ClientCallStreamObserver<UploadDistributionRequest>) stub.uploadDistribution(new StreamObserver<>() {
            private UploadDistributionResponse response;

            @Override
            public void onNext(UploadDistributionResponse value) {
                response = value;
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onCompleted() {
                result.complete(response);
            }
        });
        requests.onNext(UploadDistributionRequest.newBuilder().setHeader(header).build());
    }

    public void chunk(long offset, byte[] data, int length) {
        requests.onNext(UploadDistributionRequest.newBuilder()
                .setChunk(UploadChunk.newBuilder().setOffset(offset).setData(ByteString.copyFrom(data, 0, length)))
                .build());
    }

    /** Half-closes the stream and waits for the agent's answer; a failed call throws its StatusRuntimeException. */
    public UploadDistributionResponse finish() {
        requests.onCompleted();
        return await();
    }

    /** Waits for the agent to end the call (after a refused chunk, for example) without half-closing. */
    public UploadDistributionResponse await() {
        try {
            return result.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException status) {
                throw status;
            }
            throw new AssertionError("upload failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("upload did not end within 2 minutes", e);
        }
    }

    /** Drops the stream as a client whose connection broke would. */
    public void cancel() {
        requests.cancel("test drops the upload stream", null);
    }
}
