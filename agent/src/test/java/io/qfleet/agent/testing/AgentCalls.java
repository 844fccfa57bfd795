package io.qfleet.agent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qfleet.proto.agent.v1.CancelOperationRequest;
import io.qfleet.proto.agent.v1.DistributionServiceGrpc;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.GetOperationRequest;
import io.qfleet.proto.agent.v1.GetUploadRequest;
import io.qfleet.proto.agent.v1.GetUploadResponse;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import io.qfleet.proto.agent.v1.ListOperationsRequest;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationEvent;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.StartOperationRequest;
import io.qfleet.proto.agent.v1.StartOperationResponse;
import io.qfleet.proto.agent.v1.UploadDistributionResponse;
import io.qfleet.proto.agent.v1.UploadHeader;
import io.qfleet.proto.agent.v1.WatchOperationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A test's client of one agent, over any channel (in-process or Netty): every call has a deadline,
 * as the coordinator's calls do. Assertions stay on the calling thread.
 */
public final class AgentCalls {
    public static final int CHUNK_BYTES = 1 << 20;
    private static final long CALL_SECONDS = 30;
    private static final Duration WATCH = Duration.ofMinutes(5);

    private final Channel channel;

    public AgentCalls(Channel channel) {
        this.channel = channel;
    }

    /** One operation watched to its end: its events in order and its final state and result. */
    public record Finished(Operation operation, List<OperationEvent> events) {
        public OperationState state() {
            return operation.getState();
        }

        /** Fails with the operation's failure and events unless it succeeded, and checks its event sequence. */
        public Finished requireSucceeded() {
            return require(OperationState.OPERATION_STATE_SUCCEEDED);
        }

        public Finished require(OperationState expected) {
            if (operation.getState() != expected) {
                throw new AssertionError(operation.getOperationId() + " (" + operation.getSpec().getKindCase() + "): expected "
                        + expected + ", got " + operation.getState() + " " + operation.getFailure() + "events: " + events);
            }
            assertSequence(events, 1);
            assertEquals(OperationState.OPERATION_STATE_RUNNING, events.get(0).getState(), "first event: " + events);
            return this;
        }

        /** Reason of a FAILED or CANCELLED operation. */
        public String reason() {
            return operation.getFailure().getReason();
        }
    }

    public HostFacts facts() {
        return hosts().getHostFacts(GetHostFactsRequest.getDefaultInstance()).getFacts();
    }

    /** MarkRoot asking for the facts as well. */
    public io.qfleet.proto.agent.v1.MarkRootResponse markedFacts(String hostName, String markerId) {
        return hosts().markRoot(io.qfleet.proto.agent.v1.MarkRootRequest.newBuilder().setHostName(hostName)
                .setMarkerId(markerId).setIncludeFacts(true).build());
    }

    public io.qfleet.proto.agent.v1.MarkRootResponse markRoot(String hostName, String markerId) {
        return hosts().markRoot(io.qfleet.proto.agent.v1.MarkRootRequest.newBuilder().setHostName(hostName)
                .setMarkerId(markerId).build());
    }

    public io.qfleet.proto.agent.v1.PreviewServerConfResponse previewServerConf(io.qfleet.proto.agent.v1.PreviewServerConfRequest request) {
        return hosts().previewServerConf(request);
    }

    public GetUploadResponse getUpload(String sha256) {
        return DistributionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS)
                .getUpload(GetUploadRequest.newBuilder().setSha256(sha256).build());
    }

    /** Opens an upload stream and sends its header; the caller sends chunks. */
    public UploadCall openUpload(String fileName, long size, String sha256) {
        return new UploadCall(DistributionServiceGrpc.newStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES),
                UploadHeader.newBuilder().setFileName(fileName).setSizeBytes(size).setSha256(sha256).build());
    }

    /** Uploads the whole file, from the offset the agent reports, in 1 MiB chunks. */
    public UploadDistributionResponse upload(Distributions.Tarball tarball) throws IOException {
        return upload(tarball.file(), tarball.sha256());
    }

    public UploadDistributionResponse upload(Path file, String sha256) throws IOException {
        long size = Files.size(file);
        long from = getUpload(sha256).getBytesReceived();
        UploadCall call = openUpload(file.getFileName().toString(), size, sha256);
        sendFile(call, file, from, size);
        return call.finish();
    }

    /** Polls GetUpload until {@code expected} bytes arrived (chunks are written as they come). */
    public void awaitUploadBytes(String sha256, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CALL_SECONDS);
        long received;
        while ((received = getUpload(sha256).getBytesReceived()) != expected) {
            assertTrue(System.nanoTime() < deadline, "only " + received + " of " + expected + " bytes arrived");
            Thread.sleep(20);
        }
    }

    /** Sends bytes [from, until) of {@code file} as chunks. */
    public static void sendFile(UploadCall call, Path file, long from, long until) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            byte[] buffer = new byte[CHUNK_BYTES];
            for (long offset = from; offset < until; ) {
                int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, until - offset));
                call.chunk(offset, buffer, n);
                offset += n;
            }
        }
    }

    public StartOperationResponse start(String operationId, OperationSpec spec) {
        return operations().startOperation(StartOperationRequest.newBuilder().setOperationId(operationId).setSpec(spec).build());
    }

    public Operation get(String operationId) {
        return operations().getOperation(GetOperationRequest.newBuilder().setOperationId(operationId).build()).getOperation();
    }

    public List<Operation> list() {
        return operations().listOperations(ListOperationsRequest.getDefaultInstance()).getOperationsList();
    }

    public Operation cancel(String operationId) {
        return operations().cancelOperation(CancelOperationRequest.newBuilder().setOperationId(operationId).build())
                .getOperation();
    }

    /** Starts a new operation and watches it to its end. */
    public Finished run(String operationId, OperationSpec spec) {
        StartOperationResponse started = start(operationId, spec);
        assertTrue(started.getCreated(), operationId + " was created by this call");
        return await(operationId);
    }

    /** Watches from sequence 1 to the terminal event, then reads the operation. */
    public Finished await(String operationId) {
        List<OperationEvent> events = watch(operationId, 1);
        Operation operation = get(operationId);
        assertEquals(events.get(events.size() - 1).getState(), operation.getState(), operationId + ": last event is the state");
        assertEquals(events.size(), operation.getLastSequence(), operationId + ": last_sequence counts the events");
        return new Finished(operation, events);
    }

    /** Every event from {@code fromSequence} until the stream ends after the terminal one. */
    public List<OperationEvent> watch(String operationId, long fromSequence) {
        Iterator<OperationEvent> stream = OperationServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(WATCH.toMillis(), TimeUnit.MILLISECONDS)
                .watchOperation(WatchOperationRequest.newBuilder().setOperationId(operationId).setFromSequence(fromSequence).build());
        List<OperationEvent> events = new ArrayList<>();
        stream.forEachRemaining(events::add);
        return events;
    }

    public EventWatch watchAsync(String operationId, long fromSequence) {
        return new EventWatch(OperationServiceGrpc.newStub(channel).withDeadlineAfter(WATCH.toMillis(), TimeUnit.MILLISECONDS),
                WatchOperationRequest.newBuilder().setOperationId(operationId).setFromSequence(fromSequence).build());
    }

    /** Sequences are {@code from, from+1, ...} without gaps and only the last event is terminal. */
    public static void assertSequence(List<OperationEvent> events, long from) {
        assertTrue(!events.isEmpty(), "no events");
        for (int i = 0; i < events.size(); i++) {
            assertEquals(from + i, events.get(i).getSequence(), "event " + i + " of " + events);
            assertTrue(i == events.size() - 1 || !isTerminal(events.get(i).getState()), "only the last event may be terminal: " + events);
        }
    }

    public static boolean isTerminal(OperationState state) {
        return state == OperationState.OPERATION_STATE_SUCCEEDED || state == OperationState.OPERATION_STATE_FAILED
                || state == OperationState.OPERATION_STATE_CANCELLED;
    }

    /** Runs {@code call}, which must fail with {@code code}; returns the ErrorInfo the agent attached. */
    public static ErrorInfo expectError(Status.Code code, Supplier<?> call) {
        try {
            Object answer = call.get();
            throw new AssertionError("expected " + code + ", got " + answer);
        } catch (StatusRuntimeException e) {
            assertEquals(code, e.getStatus().getCode(), "status of " + e);
            return errorInfo(e).orElseThrow(() -> new AssertionError("no ErrorInfo in " + e));
        }
    }

    public static Optional<ErrorInfo> errorInfo(Throwable error) {
        com.google.rpc.Status status = StatusProto.fromThrowable(error);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return Optional.of(detail.unpack(ErrorInfo.class));
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError("unreadable ErrorInfo in " + error, e);
                }
            }
        }
        return Optional.empty();
    }

    private HostServiceGrpc.HostServiceBlockingStub hosts() {
        return HostServiceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    }

    private OperationServiceGrpc.OperationServiceBlockingStub operations() {
        return OperationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    }
}
