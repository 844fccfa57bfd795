package io.qfleet.coordinator.client;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.proto.agent.v1.DistributionServiceGrpc;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.GetOperationRequest;
import io.qfleet.proto.agent.v1.GetUploadRequest;
import io.qfleet.proto.agent.v1.GetUploadResponse;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import io.qfleet.proto.agent.v1.MarkRootRequest;
import io.qfleet.proto.agent.v1.MarkRootResponse;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationEvent;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.StartOperationRequest;
import io.qfleet.proto.agent.v1.WatchOperationRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/** {@link AgentClient} over gRPC. Generated types stay in this package. */
public final class GrpcAgentClient implements AgentClient {
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(500);
    private static final Duration ARCHIVE_DEADLINE = Duration.ofHours(12);

    private final String address;
    private final AgentAccess access;
    private final ManagedChannel channel;

    private GrpcAgentClient(String address, AgentAccess access, ManagedChannel channel) {
        this.address = address;
        this.access = access;
        this.channel = channel;
    }

    /** A channel to the host's agent, secured as the fleet file's {@code agents} section says. */
    public static GrpcAgentClient connect(HostEntry host, AgentAccess access) {
        requireNonNull(host, "host");
        return connect(host.agentHost(), host.agentPort(), access);
    }

    /** A channel to {@code host:port} (an IPv6 address without brackets). */
    public static GrpcAgentClient connect(String host, int port, AgentAccess access) {
        requireNonNull(host, "host");
        requireNonNull(access, "access");
        String address = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        return new GrpcAgentClient(address, access, AgentChannels.open(host, port, access));
    }

    /** For tests: a client over any channel (in-process). */
    public static GrpcAgentClient over(String address, ManagedChannel channel) {
        return new GrpcAgentClient(address, null, channel);
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public AgentFacts facts() {
        try {
            return ClientProtoMapper.facts(HostServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getHostFacts(GetHostFactsRequest.getDefaultInstance())
                    .getFacts());
        } catch (StatusRuntimeException e) {
            throw AgentErrors.from(address, access, "GetHostFacts", e);
        }
    }

    @Override
    public RootMarks markRoot(String hostName, String markerId) {
        try {
            MarkRootResponse response = HostServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .markRoot(markRequest(hostName, markerId, false));
            return ClientProtoMapper.rootMarks(response);
        } catch (StatusRuntimeException e) {
            throw AgentErrors.from(address, access, "MarkRoot", e);
        }
    }

    /**
     * One MarkRoot answering the facts too. A refused mark has no facts: they are asked for in a call
     * of their own, as from an agent older than include_facts, which answers none.
     */
    @Override
    public MarkedFacts markedFacts(String hostName, String markerId) {
        MarkRootResponse response;
        try {
            response = HostServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .markRoot(markRequest(hostName, markerId, true));
        } catch (StatusRuntimeException e) {
            AgentCallException refused = AgentErrors.from(address, access, "MarkRoot", e);
            if (refused.unreachable()) {
                throw refused;
            }
            return new MarkedFacts(null, refused, facts());
        }
        return new MarkedFacts(ClientProtoMapper.rootMarks(response), null,
                response.hasFacts() ? ClientProtoMapper.facts(response.getFacts()) : facts());
    }

    private static MarkRootRequest markRequest(String hostName, String markerId, boolean includeFacts) {
        return MarkRootRequest.newBuilder().setHostName(hostName).setMarkerId(markerId).setIncludeFacts(includeFacts).build();
    }

    @Override
    public ServerConfPreview previewServerConf(ServerConfPreview.Request request) {
        try {
            return ClientProtoMapper.serverConfPreview(HostServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .previewServerConf(ClientProtoMapper.toProto(request)));
        } catch (StatusRuntimeException e) {
            throw AgentErrors.from(address, access, "PreviewServerConf", e);
        }
    }

    @Override
    public void upload(Path file, String sha256, ProgressSink sink) {
        new DistributionUpload(address, access, DistributionServiceGrpc.newStub(channel), this::uploadStatus)
                .send(file, sha256, sink);
    }

    @Override
    public java.io.InputStream readArchive(String archivePath, boolean manifest, long offset) {
        // Long: the copy is paced by the receiving agent; a broken read is resumed at the next offset.
        return new ArchiveReader(address, access, io.qfleet.proto.agent.v1.ArchiveServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(ARCHIVE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .readArchive(io.qfleet.proto.agent.v1.ReadArchiveRequest.newBuilder()
                        .setArchivePath(archivePath).setManifest(manifest).setOffset(offset).build()));
    }

    @Override
    public void copyArchive(AgentClient from, String archivePath, boolean manifest, String fileName, long size, String sha256,
            ProgressSink sink) {
        new DistributionUpload(address, access, DistributionServiceGrpc.newStub(channel), this::uploadStatus)
                .send(fileName, size, sha256, offset -> from.readArchive(archivePath, manifest, offset), sink);
    }

    private GetUploadResponse uploadStatus(String sha256) {
        try {
            return DistributionServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getUpload(GetUploadRequest.newBuilder().setSha256(sha256).build());
        } catch (StatusRuntimeException e) {
            throw AgentErrors.from(address, access, "GetUpload", e);
        }
    }

    @Override
    public OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Operation started;
        try {
            started = OperationServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .startOperation(StartOperationRequest.newBuilder()
                            .setOperationId(operationId)
                            .setSpec(ClientProtoMapper.toProto(request))
                            .build())
                    .getOperation();
        } catch (StatusRuntimeException e) {
            throw AgentErrors.from(address, access, "StartOperation " + operationId, e);
        }
        if (terminal(started.getState())) {
            return ClientProtoMapper.outcome(started); // already ended (a re-attach after a crash): nothing to follow
        }
        follow(operationId, sink, deadline);
        return ClientProtoMapper.outcome(get(operationId));
    }

    /** Follows events to the terminal one; a broken stream is re-opened from the last sequence seen. */
    private void follow(String operationId, ProgressSink sink, long deadline) {
        long nextSequence = 1;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AgentCallException("timeout", address + ": operation " + operationId
                        + " did not finish in time (it keeps running on the agent)", false, null);
            }
            try {
                Iterator<OperationEvent> events = OperationServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(remaining, TimeUnit.NANOSECONDS)
                        .watchOperation(WatchOperationRequest.newBuilder()
                                .setOperationId(operationId).setFromSequence(nextSequence).build());
                while (events.hasNext()) {
                    OperationEvent event = events.next();
                    nextSequence = event.getSequence() + 1;
                    if (terminal(event.getState())) {
                        return;
                    }
                    // State changes are reported as step start and end; only the work's own events are progress.
                    if (event.getSequence() > 1) {
                        sink.progress(event.getMessage(), event.getDone(), event.getTotal(), event.getUnit());
                    }
                }
                if (terminal(get(operationId).getState())) {
                    return;
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw AgentErrors.from(address, access, "WatchOperation " + operationId, e);
                }
                pause();
                // gRPC's own reconnect backoff (x1.6 a try, up to 2 minutes) would leave an agent back from its
                // host's reboot unasked for ten seconds or more; a watch re-opens every pause instead.
                channel.resetConnectBackoff();
            }
        }
    }

    @Override
    public java.util.List<AgentOperation> operations() {
        try {
            return OperationServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .listOperations(io.qfleet.proto.agent.v1.ListOperationsRequest.getDefaultInstance())
                    .getOperationsList().stream()
                    .map(o -> new AgentOperation(o.getOperationId(),
                            o.getState().name().replace("OPERATION_STATE_", "").toLowerCase(java.util.Locale.ROOT),
                            o.getFailure().getMessage()))
                    .toList();
        } catch (StatusRuntimeException e) {
            throw AgentErrors.from(address, access, "ListOperations", e);
        }
    }

    private Operation get(String operationId) {
        try {
            return OperationServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getOperation(GetOperationRequest.newBuilder().setOperationId(operationId).build())
                    .getOperation();
        } catch (StatusRuntimeException e) {
            throw AgentErrors.from(address, access, "GetOperation " + operationId, e);
        }
    }

    private static boolean terminal(OperationState state) {
        return state == OperationState.OPERATION_STATE_SUCCEEDED
                || state == OperationState.OPERATION_STATE_FAILED
                || state == OperationState.OPERATION_STATE_CANCELLED;
    }

    private static void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentCallException("interrupted", "interrupted while waiting for an agent", false, e);
        }
    }

    @Override
    public void shutdown() {
        channel.shutdownNow();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ByteString bytes(byte[] buffer, int length) {
        return ByteString.copyFrom(buffer, 0, length);
    }
}
