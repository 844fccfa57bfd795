package io.qfleet.coordinator.bench;

import io.grpc.stub.StreamObserver;
import io.qfleet.proto.agent.v1.DistributionServiceGrpc;
import io.qfleet.proto.agent.v1.Edition;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.GetHostFactsResponse;
import io.qfleet.proto.agent.v1.GetOperationRequest;
import io.qfleet.proto.agent.v1.GetOperationResponse;
import io.qfleet.proto.agent.v1.GetUploadRequest;
import io.qfleet.proto.agent.v1.GetUploadResponse;
import io.qfleet.proto.agent.v1.HealthGateResult;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import io.qfleet.proto.agent.v1.InventoryResult;
import io.qfleet.proto.agent.v1.ListOperationsRequest;
import io.qfleet.proto.agent.v1.ListOperationsResponse;
import io.qfleet.proto.agent.v1.MarkRootRequest;
import io.qfleet.proto.agent.v1.MarkRootResponse;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationEvent;
import io.qfleet.proto.agent.v1.OperationResult;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.RootMarker;
import io.qfleet.proto.agent.v1.StartOperationRequest;
import io.qfleet.proto.agent.v1.StartOperationResponse;
import io.qfleet.proto.agent.v1.UploadDistributionRequest;
import io.qfleet.proto.agent.v1.UploadDistributionResponse;
import io.qfleet.proto.agent.v1.VerifyResult;
import io.qfleet.proto.agent.v1.WatchOperationRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for many agents in the coordinator scale benchmark: a real gRPC service whose
 * operations succeed at once, so what is measured is the coordinator (engine, journal, channels),
 * not QuestDB. Every host reports QuestDB 8.1.4 with 100 rows; the health gate reports the target.
 * Public for AgentConnectionsTest, which counts the connections each command opens to it.
 */
public final class FakeAgentService {
    /** Every simulated host's server.conf, as its facts and previews hash it. */
    private static final String CONF_SHA256 = "0".repeat(64);
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    public HostServiceGrpc.HostServiceImplBase hosts() {
        return new HostServiceGrpc.HostServiceImplBase() {
            @Override
            public void getHostFacts(GetHostFactsRequest request, StreamObserver<GetHostFactsResponse> response) {
                response.onNext(GetHostFactsResponse.newBuilder().setFacts(facts()).build());
                response.onCompleted();
            }

            /** An Open Source upgrade writes nothing: every simulated host's server.conf stays as it is. */
            @Override
            public void previewServerConf(io.qfleet.proto.agent.v1.PreviewServerConfRequest request,
                    StreamObserver<io.qfleet.proto.agent.v1.PreviewServerConfResponse> response) {
                response.onNext(io.qfleet.proto.agent.v1.PreviewServerConfResponse.newBuilder().setExists(true)
                        .setSha256(CONF_SHA256).build());
                response.onCompleted();
            }

            /** Every simulated host has a root of its own: it sees only its own marker. */
            @Override
            public void markRoot(MarkRootRequest request, StreamObserver<MarkRootResponse> response) {
                MarkRootResponse.Builder reply = MarkRootResponse.newBuilder().setRoot("/fake/" + request.getHostName())
                        .addMarkers(RootMarker.newBuilder().setHostName(request.getHostName()).setMarkerId(request.getMarkerId()));
                if (request.getIncludeFacts()) {
                    reply.setFacts(facts());
                }
                response.onNext(reply.build());
                response.onCompleted();
            }
        };
    }

    /** An Open Source 8.1.4 host, running and healthy, its server.conf hashed as CONF_SHA256. */
    private static HostFacts facts() {
        return HostFacts.newBuilder().setQuestdbRunning(true).setQuestdbPid(1).setQuestdbVersion("8.1.4")
                .setEdition(Edition.EDITION_OPEN_SOURCE).setDiskFreeBytes(1L << 40).setWalTablesHealthy(true)
                .setServerConf(io.qfleet.proto.agent.v1.ServerConfFile.newBuilder().setExists(true).setSha256(CONF_SHA256)).build();
    }

    public DistributionServiceGrpc.DistributionServiceImplBase distributions() {
        return new DistributionServiceGrpc.DistributionServiceImplBase() {
            @Override
            public void getUpload(GetUploadRequest request, StreamObserver<GetUploadResponse> response) {
                response.onNext(GetUploadResponse.newBuilder().setSha256(request.getSha256()).setComplete(true).build());
                response.onCompleted();
            }

            @Override
            public StreamObserver<UploadDistributionRequest> uploadDistribution(StreamObserver<UploadDistributionResponse> response) {
                throw new UnsupportedOperationException("uploads are reported complete");
            }
        };
    }

    public OperationServiceGrpc.OperationServiceImplBase operations() {
        return new OperationServiceGrpc.OperationServiceImplBase() {
            @Override
            public void startOperation(StartOperationRequest request, StreamObserver<StartOperationResponse> response) {
                Operation operation = operations.computeIfAbsent(request.getOperationId(), id -> Operation.newBuilder()
                        .setOperationId(id).setSpec(request.getSpec()).setState(OperationState.OPERATION_STATE_SUCCEEDED)
                        .setResult(result(request.getSpec())).setLastSequence(2).build());
                response.onNext(StartOperationResponse.newBuilder().setOperation(operation).setCreated(true).build());
                response.onCompleted();
            }

            @Override
            public void watchOperation(WatchOperationRequest request, StreamObserver<OperationEvent> response) {
                response.onNext(OperationEvent.newBuilder().setSequence(1).setState(OperationState.OPERATION_STATE_RUNNING).build());
                response.onNext(OperationEvent.newBuilder().setSequence(2).setState(OperationState.OPERATION_STATE_SUCCEEDED).build());
                response.onCompleted();
            }

            @Override
            public void getOperation(GetOperationRequest request, StreamObserver<GetOperationResponse> response) {
                response.onNext(GetOperationResponse.newBuilder().setOperation(operations.get(request.getOperationId())).build());
                response.onCompleted();
            }

            @Override
            public void listOperations(ListOperationsRequest request, StreamObserver<ListOperationsResponse> response) {
                response.onNext(ListOperationsResponse.newBuilder().addAllOperations(operations.values()).build());
                response.onCompleted();
            }
        };
    }

    private static OperationResult result(OperationSpec spec) {
        return switch (spec.getKindCase()) {
            case INVENTORY -> OperationResult.newBuilder().setInventory(InventoryResult.newBuilder()
                    .setQuestdbVersion("8.1.4").setTotalRows(100)).build();
            case HEALTH_GATE -> OperationResult.newBuilder().setHealthGate(HealthGateResult.newBuilder()
                    .setQuestdbVersion(spec.getHealthGate().getExpectedVersion())).build();
            case VERIFY -> OperationResult.newBuilder().setVerify(VerifyResult.newBuilder().setTables(1).setTotalRows(100)).build();
            default -> OperationResult.getDefaultInstance();
        };
    }
}
