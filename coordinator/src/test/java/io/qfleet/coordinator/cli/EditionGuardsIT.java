package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import io.qfleet.coordinator.workflow.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preflight guards of the migration page and "already on the target", black box against one real
 * host (QuestDB 8.1.4 with data, a real agent process): two hosts on one root, Enterprise state under
 * an Open Source server, and a second run over a host the first one migrated to 9.2.2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EditionGuardsIT {
    private static final long ROWS = 50_000;
    private static final String TARGET = DemoResources.TARGET_VERSION;
    private static final List<String> FLEET_LOG = new CopyOnWriteArrayList<>();

    @TempDir
    static Path shared;
    private static DemoResources resources;
    private static LocalFleet fleet;
    private static DemoHost host;
    private static PackedDistribution target;

    @TempDir
    Path dir;

    @BeforeAll
    static void startFleet() {
        resources = DemoResources.locate();
        fleet = LocalFleet.create(resources, 1, ROWS, shared.resolve("fleet"), FLEET_LOG::add);
        host = fleet.hosts().get(0);
        target = DistributionPacker.pack(resources.targetJar(), TARGET, shared.resolve("dist"));
    }

    @AfterAll
    static void stopFleet() {
        try {
            if (fleet != null) {
                fleet.close();
                assertEquals(List.of(), HostSnapshot.servingPids(host.root()), "QuestDB left running");
            }
        } finally {
            FLEET_LOG.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    /** Two agents (separate processes) configured on the one QuestDB root: plan and run refuse both, nothing changes. */
    @Test
    @Order(1)
    void twoHostsOnOneRootAreBothRefused() throws Exception {
        HostSnapshot before = HostSnapshot.take(host);
        try (SecondAgent second = SecondAgent.onRootOf(host, "127.0.0.9", Files.createDirectories(dir.resolve("db-2")), resources)) {
            Path file = fleetFile(target, "db-1", host.agentAddress(), "db-2", second.address());
            String root = host.root().toRealPath().toString();

            QfleetRun plan = QfleetRun.execute("plan", "-f", file.toString(), "-o", dir.resolve("plan.json").toString());

            assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, plan.exitCode(), plan.transcript());
            JsonNode hosts = new ObjectMapper().readTree(dir.resolve("plan.json").toFile()).path("hosts");
            for (JsonNode planned : hosts) {
                JsonNode check = failedCheck(planned, "root not shared with another host");
                String other = planned.path("name").asText().equals("db-1") ? "db-2" : "db-1";
                assertTrue(check.path("detail").asText().startsWith(planned.path("name").asText() + " and " + other
                        + " share the QuestDB root " + root + " "), plan.transcript());
            }
            assertTrue(plan.out().contains("FAILED root not shared with another host: db-1 and db-2 share the QuestDB root " + root),
                    plan.transcript());

            QfleetRun run = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");

            assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, run.exitCode(), run.transcript());
            JsonNode finished = run.runFinished().path("hosts");
            assertEquals(2, finished.size(), run.transcript());
            for (JsonNode result : finished) {
                assertEquals("failed", result.path("status").asText(), run.transcript());
                assertTrue(result.path("message").asText().startsWith("preflight failed: " + result.path("name").asText()
                        + " and "), run.transcript());
                assertTrue(result.path("message").asText().contains(" share the QuestDB root " + root), run.transcript());
            }
            assertEquals(List.of(Step.PREFLIGHT.label(), Step.PREFLIGHT.label()), stepsRun(run), "nothing after preflight");
            assertEquals(2, run.err().lines().filter(l -> l.contains(" share the QuestDB root " + root)).count(), run.transcript());
        }
        before.assertUnchanged(HostSnapshot.take(host));
        try (var markers = Files.list(host.root().resolve(".qfleet/markers"))) {
            assertEquals(List.of("db-1", "db-2"), markers.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the markers are all preflight wrote");
        }
    }

    /** A root holding Enterprise state under an Open Source binary: refused at preflight naming the path. */
    @Test
    @Order(2)
    void enterpriseStateUnderOpenSourceIsRefused() throws Exception {
        HostSnapshot before = HostSnapshot.take(host);
        // What an Enterprise install writes (QUESTDB.md: EE identifies a database by db/.data_id; OSS 8.1.4 never reads it).
        Path dataId = host.root().resolve("db/.data_id");
        Files.write(dataId, new byte[16]);
        try {
            Path file = fleetFile(target, host.name(), host.agentAddress());

            QfleetRun run = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");

            assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, run.exitCode(), run.transcript());
            String message = run.onlyHost().path("message").asText();
            assertTrue(message.startsWith("preflight failed: " + dataId + " is Enterprise state, but QuestDB "
                    + DemoResources.SOURCE_VERSION + " here is Open Source"), message);
            assertTrue(message.endsWith("put back this host's own Open Source backup, or take the host out of the fleet file "
                    + "(host unchanged)"), message);
            assertTrue(run.err().contains("qfleet: " + host.name() + ": failed: preflight failed: " + dataId), run.transcript());
            assertEquals(List.of(Step.PREFLIGHT.label()), stepsRun(run));
        } finally {
            Files.delete(dataId);
        }
        before.assertUnchanged(HostSnapshot.take(host));
    }

    /** The first run migrates to 9.2.2; a second run over the same fleet finds the host on the target and touches nothing. */
    @Test
    @Order(3)
    void hostAlreadyOnTheTargetIsSkipped() throws Exception {
        Path file = fleetFile(target, host.name(), host.agentAddress());
        QfleetRun first = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");
        assertEquals(ExitCodes.DONE, first.exitCode(), first.transcript());
        HostSnapshot migrated = HostSnapshot.take(host);
        assertEquals(TARGET, migrated.version());

        QfleetRun plan = QfleetRun.execute("plan", "-f", file.toString());
        QfleetRun again = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");

        assertEquals(ExitCodes.DONE, plan.exitCode(), plan.transcript());
        assertTrue(plan.out().contains("steps: preflight\n"), plan.transcript());
        assertTrue(plan.out().contains("already on " + TARGET), plan.transcript());
        assertEquals(ExitCodes.DONE, again.exitCode(), again.transcript());
        JsonNode result = again.onlyHost();
        assertEquals("migrated", result.path("status").asText(), again.transcript());
        assertEquals("already on " + TARGET + ", nothing to do", result.path("message").asText(), again.transcript());
        assertEquals(TARGET, result.path("version_before").asText());
        assertEquals(TARGET, result.path("version_after").asText());
        assertEquals(List.of(Step.PREFLIGHT.label()), stepsRun(again), "nothing after preflight");
        assertEquals(migrated, HostSnapshot.take(host), "same server, binaries, data and names beside the install dir");
    }

    private static JsonNode failedCheck(JsonNode planned, String name) {
        for (JsonNode check : planned.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                assertFalse(check.path("ok").asBoolean(), planned.toString());
                return check;
            }
        }
        throw new AssertionError("no check '" + name + "' in " + planned);
    }

    private static List<String> stepsRun(QfleetRun run) {
        return run.jsonLines().stream().filter(e -> e.path("type").asText().equals("step_finished"))
                .map(e -> e.path("step").asText()).toList();
    }

    /** {@code hostsAndAgents}: name, agent, name, agent, ... */
    private Path fleetFile(PackedDistribution dist, String... hostsAndAgents) throws IOException {
        Map<String, String> agents = new LinkedHashMap<>();
        for (int i = 0; i < hostsAndAgents.length; i += 2) {
            agents.put(hostsAndAgents[i], hostsAndAgents[i + 1]);
        }
        return FleetYaml.write(dir.resolve("fleet.yaml"), dist, agents, "");
    }
}
