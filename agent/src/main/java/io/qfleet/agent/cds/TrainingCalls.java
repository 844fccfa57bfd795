package io.qfleet.agent.cds;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The calls the training agent serves: health, reflection, and read-only agent calls with empty
 * requests, sent as raw bytes so no generated type leaves the gRPC adapter packages. Their answers
 * (facts of a QuestDB root that does not exist, an unknown operation) do not matter: serving them
 * loads the classes every first call needs.
 */
final class TrainingCalls {
    private static final List<String> READ_ONLY_METHODS = List.of(
            "qfleet.agent.v1.HostService/GetHostFacts",
            "qfleet.agent.v1.OperationService/ListOperations",
            "qfleet.agent.v1.OperationService/GetOperation",
            "qfleet.agent.v1.DistributionService/GetUpload");

    private TrainingCalls() {}

    static void run(String host, int port, TrainingPki pki) throws IOException, InterruptedException {
        ManagedChannel channel = pki.channel(host, port);
        try {
            HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
            listServices(channel);
            for (String method : READ_ONLY_METHODS) {
                try {
                    ClientCalls.blockingUnaryCall(channel, raw(method), CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                            new byte[0]);
                } catch (StatusRuntimeException e) {
                    // NOT_FOUND, FAILED_PRECONDITION...: the error path is worth training too
                }
            }
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static void listServices(ManagedChannel channel) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {}

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        done.await(10, TimeUnit.SECONDS);
    }

    private static MethodDescriptor<byte[], byte[]> raw(String fullName) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName)
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
