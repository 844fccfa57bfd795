package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.client.MarkedFacts;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.GetHostFactsResponse;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import io.qfleet.proto.agent.v1.MarkRootRequest;
import io.qfleet.proto.agent.v1.MarkRootResponse;
import io.qfleet.proto.agent.v1.RootMarker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preflight's read of a host in one call (GetHostFacts carrying the mark), against a real agent
 * process: the marker written and listed, a refused mark reported as MarkRoot would have, the facts
 * either way. An agent from before that field cannot run here; {@link FakeAgentBeforeMarkedFacts}
 * stands for one, and is asked MarkRoot after its facts.
 */
class MarkedFactsIT {
    @TempDir
    Path dir;

    @Test
    void oneCallMarksTheRootAndReadsTheFacts() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agent/root"));
        try (AgentJarProcess agent = AgentJarProcess.start(dir.resolve("agent"), "127.0.0.1:0", "plaintext: true\n");
                GrpcAgentClient client = GrpcAgentClient.connect("127.0.0.1", agent.port(), AgentAccess.PLAINTEXT)) {
            MarkedFacts read = client.markedFacts("db-1", "id-1");

            assertNull(read.markFailure());
            assertEquals(root.toRealPath().toString(), read.marks().root());
            assertEquals(Map.of("db-1", "id-1"), read.marks().markers());
            assertTrue(Files.isRegularFile(root.resolve(".qfleet/markers/db-1")), "the marker is on disk");
            assertEquals(client.facts().hostname(), read.facts().hostname());

            MarkedFacts refused = client.markedFacts("../x", "id-2");
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
                GrpcAgentClient client = GrpcAgentClient.connect("127.0.0.1", agent.port(), AgentAccess.PLAINTEXT)) {
            MarkedFacts read = client.markedFacts("db-1", "id-1"); // the root was never created

            assertTrue(read.markFailure().getMessage().contains("does not exist"), read.markFailure().getMessage());
            assertEquals(client.facts().hostname(), read.facts().hostname());
        }
    }

    @Test
    void anAgentFromBeforeTheMarkInFactsIsAskedMarkRoot() throws Exception {
        FakeAgentBeforeMarkedFacts old = new FakeAgentBeforeMarkedFacts();
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).directExecutor().addService(old).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        try (GrpcAgentClient client = GrpcAgentClient.over("old-agent", channel)) {
            MarkedFacts read = client.markedFacts("db-1", "id-1");

            assertEquals(List.of("GetHostFacts", "MarkRoot"), old.calls);
            assertEquals(Map.of("db-1", "id-1"), read.marks().markers());
            assertEquals("old-host", read.facts().hostname());
        } finally {
            server.shutdownNow();
        }
    }

    /** Stands for an agent built before GetHostFactsRequest.mark: it never answers a mark, and records the calls it gets. */
    private static final class FakeAgentBeforeMarkedFacts extends HostServiceGrpc.HostServiceImplBase {
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
