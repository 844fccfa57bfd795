package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.workflow.HostWorkflow;
import io.qfleet.coordinator.workflow.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waves and the failure threshold, black box, against five real hosts (QuestDB 8.1.4 with data, one real
 * agent process each): {@code waves: [1, 3, 100%]} gives a canary (demo-1), then demo-2 and demo-3 side by
 * side ({@code max_unavailable: 2}), then demo-4 and demo-5; {@code max_failures: 0}.
 *
 * <p>demo-2 fails for real inside its wave: its server.conf sets a key 8.1.4 does not know (without strict
 * validation it only warns) to a value 9.2.2 cannot parse, so 9.2.2 exits 55 at startup (before it touches
 * the data) while 8.1.4 starts fine. (A key the target dropped, under strict validation, is refused while
 * staging now: AgentStagingIT.) Its health gate fails and it is rolled back; demo-3, in flight beside
 * it, finishes; wave 3 is not started. {@code qfleet resume} runs wave 3 and leaves demo-2 alone;
 * {@code qfleet resume --retry-failed}, once the key is gone, migrates demo-2 under new operation ids.
 * What ran is checked on the agents too: every operation of the run once, each with one run of events.
 */
class WavesIT {
    private static final long ROWS = 50_000;
    private static final String SOURCE = DemoResources.SOURCE_VERSION;
    private static final String TARGET = DemoResources.TARGET_VERSION;
    /** 8.1.4 warns of a key it does not know; 9.2.2 reads it as a number: "invalid configuration value", exit 55. */
    private static final String REFUSED_BY_TARGET = "mat.view.refresh.worker.count=none\n";
    private static final List<String> FORWARD_OPERATIONS =
            List.of("stage", "inventory", "backup", "stop", "swap", "start", "health-gate", "verify");
    private static final List<String> STAGING = labels(HostWorkflow.FORWARD.subList(0, 3));
    private static final List<String> SWITCH = labels(HostWorkflow.FORWARD.subList(3, HostWorkflow.FORWARD.size()));
    private static final List<String> FORWARD = labels(HostWorkflow.FORWARD);

    @TempDir
    Path dir;

    @Test
    void failedHostHoldsBackTheNextWaveResumeRunsItAndRetryMigratesTheHost() throws Exception {
        DemoResources resources = DemoResources.locate();
        PackedDistribution target = DistributionPacker.pack(resources.targetJar(), TARGET, dir.resolve("dist"));
        List<String> fleetLog = new CopyOnWriteArrayList<>();
        LocalFleet fleet = LocalFleet.create(resources, 5, ROWS, dir.resolve("fleet"), fleetLog::add);
        try {
            List<DemoHost> hosts = fleet.hosts();
            DemoHost canary = hosts.get(0);
            DemoHost failing = hosts.get(1);
            DemoHost partner = hosts.get(2);
            List<DemoHost> lastWave = hosts.subList(3, 5);
            Path conf = failing.root().resolve("conf/server.conf");
            String goodConf = Files.readString(conf);
            Files.writeString(conf, goodConf + REFUSED_BY_TARGET);
            Path file = FleetYaml.write(fleet.agentsYaml(), fleet.workDir().resolve("fleet.yaml"), target, hosts, """
                    rollout:
                      waves: [1, 3, 100%]
                      max_unavailable: 2
                      max_failures: 0
                    """);
            Map<String, HostSnapshot> before = snapshots(hosts);

            // 1. Canary migrates; demo-2 rolls back while demo-3 finishes beside it; wave 3 never starts.
            QfleetRun first = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");

            assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, first.exitCode(), first.transcript());
            String runId = first.jsonLines().get(0).path("run_id").asText();
            Map<String, JsonNode> outcome = outcomes(first);
            assertEquals(statuses("migrated", "rolled_back", "migrated", "not_started", "not_started"), statuses(outcome),
                    first.transcript());
            assertMigrated(outcome.get(canary.name()), before.get(canary.name()));
            assertMigrated(outcome.get(partner.name()), before.get(partner.name()));
            JsonNode rolledBack = outcome.get(failing.name());
            assertEquals(SOURCE, rolledBack.path("version_after").asText(), first.transcript());
            assertEquals(before.get(failing.name()).totalRows(), rolledBack.path("rows_before").asLong(), first.transcript());
            assertEquals(before.get(failing.name()).totalRows(), rolledBack.path("rows_after").asLong(), first.transcript());
            assertTrue(rolledBack.path("message").asText().startsWith("health gate failed: "), first.transcript());
            assertTrue(first.err().contains("qfleet: " + failing.name() + ": rolled_back: health gate failed: "), first.transcript());
            assertEquals(List.of("1/3 [demo-1]", "2/3 [demo-2, demo-3]"), wavesStarted(first), first.transcript());
            List<String> failedPath = new ArrayList<>(FORWARD.subList(0, FORWARD.indexOf(Step.HEALTH_GATE.label()) + 1));
            failedPath.add(Step.ROLLBACK_FROM_BACKUP.label());
            Map<String, List<String>> expectedSteps = new TreeMap<>(Map.of(canary.name(), FORWARD, failing.name(), failedPath,
                    partner.name(), FORWARD, lastWave.get(0).name(), STAGING, lastWave.get(1).name(), STAGING));
            assertEquals(expectedSteps, stepsFinished(first), first.transcript());
            Path runDir = file.getParent().resolve("qfleet-runs").resolve(runId);
            assertEquals(List.of(1, 2), journaledWaves(runDir));

            assertOnTarget(canary, before);
            assertOnTarget(partner, before);
            HostSnapshot failingAfterRun = HostSnapshot.take(failing);
            before.get(failing.name()).assertRolledBack(failingAfterRun, failing.installDir().getFileName().toString(), true);
            for (DemoHost host : lastWave) {
                assertUntouchedButStaged(host, before.get(host.name()));
            }
            Map<String, String> rolledBackOperations = new TreeMap<>();
            FORWARD_OPERATIONS.subList(0, FORWARD_OPERATIONS.indexOf("health-gate")).forEach(n -> rolledBackOperations.put(n, "succeeded"));
            rolledBackOperations.put("health-gate", "failed");
            List.of("rollback-revert", "rollback-restore", "rollback-verify")
                    .forEach(n -> rolledBackOperations.put(n, "succeeded"));
            assertEquals(succeeded(FORWARD_OPERATIONS), AgentOperations.of(canary, runId).states());
            assertEquals(rolledBackOperations, AgentOperations.of(failing, runId).states());
            assertEquals(succeeded(FORWARD_OPERATIONS), AgentOperations.of(partner, runId).states());
            for (DemoHost host : lastWave) {
                assertEquals(succeeded(List.of("stage")), AgentOperations.of(host, runId).states(), host.name());
            }

            // 2. resume: wave 3 runs; the rolled-back host is not retried, not even touched.
            QfleetRun second = QfleetRun.execute("resume", "-f", file.toString(), "--output", "json");

            assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, second.exitCode(), second.transcript());
            assertEquals(runId, second.jsonLines().get(0).path("run_id").asText());
            outcome = outcomes(second);
            assertEquals(statuses("migrated", "rolled_back", "migrated", "migrated", "migrated"), statuses(outcome),
                    second.transcript());
            assertEquals(List.of("3/3 [demo-4, demo-5]"), wavesStarted(second), second.transcript());
            assertEquals(new TreeMap<>(Map.of(lastWave.get(0).name(), SWITCH, lastWave.get(1).name(), SWITCH)),
                    stepsFinished(second), second.transcript());
            for (DemoHost host : lastWave) {
                assertMigrated(outcome.get(host.name()), before.get(host.name()));
                assertOnTarget(host, before);
                assertEquals(succeeded(FORWARD_OPERATIONS), AgentOperations.of(host, runId).states(), host.name());
            }
            assertTrue(second.err().contains("qfleet: " + failing.name() + ": rolled_back: "), second.transcript());
            assertEquals(failingAfterRun, HostSnapshot.take(failing), "the rolled-back host was touched by resume");
            assertEquals(rolledBackOperations, AgentOperations.of(failing, runId).states());
            assertEquals(List.of(1, 2, 3), journaledWaves(runDir));

            // 3. resume --retry-failed once the key is gone: demo-2 again, new operation ids, migrated.
            Files.writeString(conf, goodConf);
            QfleetRun third = QfleetRun.execute("resume", "--retry-failed", "-f", file.toString(), "--output", "json");

            assertEquals(ExitCodes.DONE, third.exitCode(), third.transcript());
            outcome = outcomes(third);
            assertEquals(statuses("migrated", "migrated", "migrated", "migrated", "migrated"), statuses(outcome), third.transcript());
            assertEquals(List.of("2/3 [demo-2]"), wavesStarted(third), third.transcript());
            assertEquals(Map.of(failing.name(), FORWARD), stepsFinished(third), third.transcript());
            assertMigrated(outcome.get(failing.name()), before.get(failing.name()));
            assertOnTarget(failing, before);
            Map<String, String> retried = new TreeMap<>(rolledBackOperations);
            FORWARD_OPERATIONS.forEach(n -> retried.put("a2." + n, "succeeded"));
            assertEquals(retried, AgentOperations.of(failing, runId).states());
            assertTrue(third.err().lines().allMatch(l -> l.startsWith("qfleet: report ")), third.transcript());
            assertEquals(List.of(1, 2, 3, 2), journaledWaves(runDir));
            assertEquals(List.of("run_started", "run_finished interrupted", "run_resumed", "run_finished",
                    "run_resumed retry_failed", "run_finished"), runMarkers(runDir));

            // Every operation of the run once on its agent, one run of events each; one stop, swap and start
            // per attempt (a migrated host's data saw the new binaries start exactly once).
            for (DemoHost host : hosts) {
                AgentOperations operations = AgentOperations.of(host, runId);
                operations.assertEachRanOnce();
                long attempts = host == failing ? 2 : 1;
                for (String kind : List.of("stop", "swap", "start")) {
                    assertEquals(attempts, operations.succeeded(kind), host.name() + " " + kind + ": " + operations.states());
                }
            }
        } finally {
            List<DemoHost> hosts = fleet.hosts();
            fleet.close();
            fleetLog.forEach(line -> System.out.println("[fleet] " + line));
            for (DemoHost host : hosts) {
                assertEquals(List.of(), HostSnapshot.servingPids(host.root()), host.name() + ": QuestDB left running");
                assertFalse(ProcessHandle.of(host.agentPid()).map(ProcessHandle::isAlive).orElse(false),
                        host.name() + ": agent left running");
            }
        }
    }

    private static Map<String, HostSnapshot> snapshots(List<DemoHost> hosts) throws Exception {
        Map<String, HostSnapshot> snapshots = new LinkedHashMap<>();
        for (DemoHost host : hosts) {
            HostSnapshot snapshot = HostSnapshot.take(host);
            assertEquals(SOURCE, snapshot.version(), host.name());
            assertEquals(host.seededRows(), snapshot.totalRows(), host.name() + ": " + snapshot.rows());
            snapshots.put(host.name(), snapshot);
        }
        return snapshots;
    }

    /** The host serves the target with every table's rows, from another process than before. */
    private static void assertOnTarget(DemoHost host, Map<String, HostSnapshot> before) throws Exception {
        HostSnapshot now = HostSnapshot.take(host);
        HostSnapshot then = before.get(host.name());
        assertEquals(TARGET, now.version(), host.name());
        assertEquals(then.rows(), now.rows(), host.name() + ": rows per table");
        assertNotEquals(then.pid(), now.pid(), host.name() + ": the 8.1.4 process still serves");
    }

    /**
     * Not started: the same 8.1.4 process on the same binaries and data. Staging ran fleet-wide before the
     * waves, so exactly one staged dir is new beside the install dir; nothing else is.
     */
    private static void assertUntouchedButStaged(DemoHost host, HostSnapshot before) throws Exception {
        HostSnapshot now = HostSnapshot.take(host);
        assertEquals(before.pid(), now.pid(), host.name() + ": QuestDB pid");
        assertEquals(before.version(), now.version(), host.name());
        assertEquals(before.rows(), now.rows(), host.name());
        assertEquals(before.installTree(), now.installTree(), host.name() + ": install dir");
        SortedSet<String> added = new TreeSet<>(now.besideInstall());
        added.removeAll(before.besideInstall());
        assertEquals(1, added.size(), host.name() + ": new beside the install dir: " + added);
        assertTrue(added.first().startsWith(host.installDir().getFileName() + ".staged-"), host.name() + ": " + added);
        assertTrue(now.besideInstall().containsAll(before.besideInstall()), host.name() + ": " + now.besideInstall());
    }

    private static void assertMigrated(JsonNode host, HostSnapshot before) {
        String name = host.path("name").asText();
        assertEquals("migrated", host.path("status").asText(), name + ": " + host);
        assertEquals(SOURCE, host.path("version_before").asText(), name + ": " + host);
        assertEquals(TARGET, host.path("version_after").asText(), name + ": " + host);
        assertEquals(before.totalRows(), host.path("rows_before").asLong(), name + ": " + host);
        assertEquals(before.totalRows(), host.path("rows_after").asLong(), name + ": " + host);
    }

    private static Map<String, String> statuses(String... byHost) {
        Map<String, String> statuses = new TreeMap<>();
        for (int i = 0; i < byHost.length; i++) {
            statuses.put("demo-" + (i + 1), byHost[i]);
        }
        return statuses;
    }

    private static Map<String, String> statuses(Map<String, JsonNode> outcome) {
        Map<String, String> statuses = new TreeMap<>();
        outcome.forEach((name, host) -> statuses.put(name, host.path("status").asText()));
        return statuses;
    }

    private static Map<String, String> succeeded(List<String> names) {
        Map<String, String> states = new TreeMap<>();
        names.forEach(n -> states.put(n, "succeeded"));
        return states;
    }

    /** run_finished's hosts by name. */
    private static Map<String, JsonNode> outcomes(QfleetRun run) {
        Map<String, JsonNode> hosts = new LinkedHashMap<>();
        run.runFinished().path("hosts").forEach(h -> hosts.put(h.path("name").asText(), h));
        return hosts;
    }

    /** "wave/waves [hosts]" per wave_started event. */
    private static List<String> wavesStarted(QfleetRun run) {
        List<String> waves = new ArrayList<>();
        for (JsonNode event : run.jsonLines()) {
            if (event.path("type").asText().equals("wave_started")) {
                List<String> names = new ArrayList<>();
                event.path("hosts").forEach(h -> names.add(h.asText()));
                waves.add(event.path("wave").asInt() + "/" + event.path("waves").asInt() + " " + names);
            }
        }
        return waves;
    }

    /** Per host, the steps that finished in this invocation, in order; each must have started just before. */
    private static Map<String, List<String>> stepsFinished(QfleetRun run) {
        Map<String, List<String>> steps = new TreeMap<>();
        Map<String, String> running = new TreeMap<>();
        for (JsonNode event : run.jsonLines()) {
            String type = event.path("type").asText();
            String host = event.path("host").asText();
            String step = event.path("step").asText();
            if (type.equals("step_started")) {
                assertEquals(null, running.put(host, step), host + ": " + step + " started while another ran\n" + run.transcript());
            } else if (type.equals("step_finished")) {
                assertEquals(step, running.remove(host), host + ": " + step + " finished without starting\n" + run.transcript());
                steps.computeIfAbsent(host, h -> new ArrayList<>()).add(step);
            }
        }
        assertEquals(Map.of(), running, "steps still running at the end\n" + run.transcript());
        return steps;
    }

    private static List<Integer> journaledWaves(Path runDir) {
        return journal(runDir).filter(e -> e instanceof JournalEntry.WaveStarted)
                .map(e -> ((JournalEntry.WaveStarted) e).wave()).toList();
    }

    private static List<String> runMarkers(Path runDir) {
        return journal(runDir).<String>mapMulti((entry, out) -> {
            if (entry instanceof JournalEntry.RunStarted) {
                out.accept("run_started");
            } else if (entry instanceof JournalEntry.RunResumed resumed) {
                out.accept(resumed.retryFailed() ? "run_resumed retry_failed" : "run_resumed");
            } else if (entry instanceof JournalEntry.RunFinished finished) {
                out.accept(finished.interrupted() ? "run_finished interrupted" : "run_finished");
            }
        }).toList();
    }

    private static Stream<JournalEntry> journal(Path runDir) {
        return RunJournal.read(runDir.resolve(RunJournal.FILE_NAME)).stream();
    }

    private static List<String> labels(List<Step> steps) {
        return steps.stream().map(Step::label).toList();
    }
}
