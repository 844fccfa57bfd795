package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.client.MarkedFacts;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.GetHostFactsResponse;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import io.qfleet.proto.agent.v1.MarkRootRequest;
import io.qfleet.proto.agent.v1.MarkRootResponse;
import io.qfleet.proto.agent.v1.RootMarker;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preflight's read of a host in one call (MarkRoot answering the facts too), against a real agent
 * process, its calls counted on the channel: the marker written and listed and the facts in one
 * MarkRoot; a refused mark reported as MarkRoot alone reports it, the facts then asked for. An agent
 * older than include_facts cannot run here: {@link FakeAgentBeforeFactsInMarkRoot} stands for one,
 * and is asked GetHostFacts after its MarkRoot.
 */
class MarkedFactsIT {
    @TempDir
    Path dir;

    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Test
    void oneCallMarksTheRootAndReadsTheFacts() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agent/root"));
        try (AgentJarProcess agent = AgentJarProcess.start(dir.resolve("agent"), "127.0.0.1:0", "plaintext: true\n");
                GrpcAgentClient client = counted(agent.port())) {
            MarkedFacts read = client.markedFacts("db-1", "id-1");

            assertEquals(List.of("MarkRoot"), calls);
            assertNull(read.markFailure());
            assertEquals(root.toRealPath().toString(), read.marks().root());
            assertEquals(Map.of("db-1", "id-1"), read.marks().markers());
            assertTrue(Files.isRegularFile(root.resolve(".qfleet/markers/db-1")), "the marker is on disk");
            assertEquals(client.facts().hostname(), read.facts().hostname());
            assertEquals(root.toString(), read.facts().questdbRoot(), "what preflight holds QuestDB's data dirs against");
        }
    }

    @Test
    void aRefusedMarkIsReportedAsMarkRootReportsItBesideTheFacts() throws Exception {
        Files.createDirectories(dir.resolve("agent/root"));
        try (AgentJarProcess agent = AgentJarProcess.start(dir.resolve("agent"), "127.0.0.1:0", "plaintext: true\n");
                GrpcAgentClient client = counted(agent.port())) {
            MarkedFacts refused = client.markedFacts("../x", "id-2");

            assertEquals(List.of("MarkRoot", "GetHostFacts"), calls);
            AgentCallException alone = assertThrows(AgentCallException.class, () -> client.markRoot("../x", "id-2"));
            assertNull(refused.marks());
            assertEquals(alone.getMessage(), refused.markFailure().getMessage());
            assertEquals(alone.reason(), refused.markFailure().reason());
            assertEquals(client.facts().hostname(), refused.facts().hostname());
        }
    }

    @Test
    void aRootThatCannotBeMarkedStillGivesTheFacts() throws Exception {
        try (AgentJarProcess agent = AgentJarProcess.start(dir.resolve("agent"), "127.0.0.1:0", "plaintext: true\n");
                GrpcAgentClient client = counted(agent.port())) {
            MarkedFacts read = client.markedFacts("db-1", "id-1"); // the root was never created

            assertTrue(read.markFailure().getMessage().contains("does not exist"), read.markFailure().getMessage());
            assertEquals(client.facts().hostname(), read.facts().hostname());
        }
    }

    @Test
    void anAgentOlderThanFactsInMarkRootIsAskedForThem() throws Exception {
        FakeAgentBeforeFactsInMarkRoot old = new FakeAgentBeforeFactsInMarkRoot();
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).directExecutor().addService(old).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        try (GrpcAgentClient client = GrpcAgentClient.over("old-agent", channel)) {
            MarkedFacts read = client.markedFacts("db-1", "id-1");

            assertEquals(List.of("MarkRoot", "GetHostFacts"), old.calls);
            assertEquals(Map.of("db-1", "id-1"), read.marks().markers());
            assertEquals("old-host", read.facts().hostname());
        } finally {
            server.shutdownNow();
        }
    }

    /** A plaintext client of the agent on {@code port} whose calls land in {@link #calls}, by method name. */
    private GrpcAgentClient counted(int port) {
        ClientInterceptor counter = new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
                calls.add(method.getBareMethodName());
                return next.newCall(method, options);
            }
        };
        return GrpcAgentClient.over("127.0.0.1:" + port, NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .usePlaintext().intercept(counter).build());
    }

    /** Stands for an agent built before MarkRootRequest.include_facts: its MarkRoot answers no facts. Records its calls. */
    private static final class FakeAgentBeforeFactsInMarkRoot extends HostServiceGrpc.HostServiceImplBase {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void getHostFacts(GetHostFactsRequest request, StreamObserver<GetHostFactsResponse> response) {
            calls.add("GetHostFacts");
            response.onNext(GetHostFactsResponse.newBuilder().setFacts(HostFacts.newBuilder().setHostname("old-host")).build());
            response.onCompleted();
        }

        @Override
        public void markRoot(MarkRootRequest request, StreamObserver<MarkRootResponse> response) {
            calls.add("MarkRoot");
            response.onNext(MarkRootResponse.newBuilder().setRoot("/old/root")
                    .addMarkers(RootMarker.newBuilder().setHostName(request.getHostName()).setMarkerId(request.getMarkerId())).build());
            response.onCompleted();
        }
    }
}
