package io.qfleet.agent.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qfleet.agent.AgentException;
import io.qfleet.agent.facts.RootMarkers.Marker;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.proto.agent.v1.MarkRootResponse;
import io.qfleet.proto.agent.v1.RootMarker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootMarkersTest {
    @TempDir
    Path tmp;

    @Test
    void laterWriterOnTheSameStorageSeesTheEarlierOnesMarker() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path viaLink = Files.createSymbolicLink(tmp.resolve("mounted-elsewhere"), root);

        RootMarkers.Seen first = new RootMarkers(root).mark("db-1", "p1-a");
        RootMarkers.Seen second = new RootMarkers(viaLink).mark("db-2", "p1-b");

        assertEquals(List.of(new Marker("db-1", "p1-a")), first.markers());
        assertEquals(List.of(new Marker("db-1", "p1-a"), new Marker("db-2", "p1-b")), second.markers());
        assertEquals(root.toRealPath(), second.root(), "the root as resolved, links followed");
        assertEquals("p1-b\n", Files.readString(root.resolve(".qfleet/markers/db-2")));
    }

    @Test
    void markingAgainReplacesOnlyThisHostsMarker() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        RootMarkers markers = new RootMarkers(root);
        markers.mark("db-1", "old");
        new RootMarkers(root).mark("db-2", "old");

        assertEquals(List.of(new Marker("db-1", "new"), new Marker("db-2", "old")), markers.mark("db-1", "new").markers());
    }

    @Test
    void skipsFilesNoAgentWrote() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path dir = Files.createDirectories(RootMarkers.markerDir(root));
        Files.writeString(dir.resolve(".db-9.tmp"), "half");
        Files.writeString(dir.resolve("db-8"), "id with spaces\n");
        Files.createDirectories(dir.resolve("db-7"));

        assertEquals(List.of(new Marker("db-1", "x")), new RootMarkers(root).mark("db-1", "x").markers());
    }

    @Test
    void refusesNamesThatCouldLeaveTheDirectory() throws IOException {
        RootMarkers markers = new RootMarkers(Files.createDirectories(tmp.resolve("root")));

        for (String bad : List.of("../db-1", ".hidden", "", "a/b", "x".repeat(101))) {
            AgentException e = assertThrows(AgentException.class, () -> markers.mark(bad, "id"));
            assertEquals("bad_marker", e.reason());
        }
        assertEquals("bad_marker", assertThrows(AgentException.class, () -> markers.mark("db-1", "a\nb")).reason());
        assertTrue(Files.notExists(tmp.resolve("db-1")));
    }

    @Test
    void missingRootIsAPreconditionNamingTheSetting() {
        AgentException e = assertThrows(AgentException.class, () -> new RootMarkers(tmp.resolve("absent")).mark("db-1", "x"));

        assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("questdb.root"), e.getMessage());
    }

    /** Two agents configured on one root, over the contract (one after the other: InProcessAgent checks its threads end). */
    @Test
    void markRootOverGrpc() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        try (InProcessAgent one = InProcessAgent.start(settings(root, "a"))) {
            one.calls().markRoot("db-1", "run-1");
            StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> one.calls().markRoot("../x", "id"));
            assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        }
        try (InProcessAgent two = InProcessAgent.start(settings(root, "b"))) {
            MarkRootResponse seen = two.calls().markRoot("db-2", "run-2");

            assertEquals(root.toRealPath().toString(), seen.getRoot());
            assertEquals(List.of(marker("db-1", "run-1"), marker("db-2", "run-2")), seen.getMarkersList());
        }
    }

    /** MarkRoot with include_facts: the marker written, then the facts read, in one call; a refused mark fails it as before. */
    @Test
    void markRootAnswersTheFactsWhenAsked() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        try (InProcessAgent one = InProcessAgent.start(settings(root, "a"))) {
            one.calls().markRoot("db-1", "run-1");
        }
        try (InProcessAgent two = InProcessAgent.start(settings(root, "b"))) {
            MarkRootResponse marked = two.calls().markedFacts("db-2", "run-2");

            assertEquals(root.toRealPath().toString(), marked.getRoot());
            assertEquals(List.of(marker("db-1", "run-1"), marker("db-2", "run-2")), marked.getMarkersList());
            assertTrue(marked.hasFacts());
            assertEquals(two.calls().facts().getQuestdbRoot(), marked.getFacts().getQuestdbRoot());
            assertFalse(two.calls().markRoot("db-2", "run-3").hasFacts(), "no facts unless asked");

            StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> two.calls().markedFacts("../x", "id"));
            assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        }
    }

    private AgentSettings settings(Path root, String name) {
        Path dir = tmp.resolve("agent-" + name);
        return new AgentSettings("127.0.0.1", 0, true, dir.resolve("state"), dir.resolve("staging"),
                new AgentSettings.QuestDb(root, dir.resolve("questdb"), "direct", Path.of("/usr/bin/java"), List.of(), "admin", null));
    }

    private static RootMarker marker(String host, String id) {
        return RootMarker.newBuilder().setHostName(host).setMarkerId(id).build();
    }
}
