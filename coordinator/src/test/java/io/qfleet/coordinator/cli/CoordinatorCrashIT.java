package io.qfleet.coordinator.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.client.AgentOperation;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.client.UploadProbe;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.workflow.HostWorkflow;
import io.qfleet.coordinator.workflow.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the coordinator, black box: {@code qfleet run} as a real process against three real hosts
 * (QuestDB 8.1.4 with data, one real agent process each), SIGKILLed at twenty points of one run, each kill
 * followed by {@code qfleet status} and by {@code qfleet resume} (a real process too), which is killed at
 * the next point, until the last resume runs to the end. The points are found by tailing the journal: a
 * given line appears, and for the points inside a long step, the agent reports the step's operation
 * running (or the upload half done).
 *
 * <p>Staging runs one host at a time and the waves are [1, 100%] with one host down at once, so the run
 * has one order and every point comes after the one before. At the end every host is migrated with its
 * rows, the journal shows no finished step started again, and each agent holds exactly one operation per
 * step of the run, each with one run of events: nothing ran twice.
 */
class CoordinatorCrashIT {
    private static final long ROWS = 50_000;
    private static final String SOURCE = DemoResources.SOURCE_VERSION;
    private static final String TARGET = DemoResources.TARGET_VERSION;
    private static final Duration TO_KILL_POINT = Duration.ofMinutes(2);
    private static final Duration TO_END = Duration.ofMinutes(3);
    private static final List<String> OPERATIONS = List.of("stage", "inventory", "backup", "stop", "swap", "start", "health-gate", "verify");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<QfleetProcess> started = new ArrayList<>();
    private Path fleetFile;
    private String runId;

    @Test
    void resumeAfterKillNineAtTwentyPointsMigratesEveryHostWithoutRunningAnythingTwice() throws Exception {
        DemoResources resources = DemoResources.locate();
        PackedDistribution target = DistributionPacker.pack(resources.targetJar(), TARGET, dir.resolve("dist"));
        List<String> fleetLog = new CopyOnWriteArrayList<>();
        LocalFleet fleet = LocalFleet.create(resources, 3, ROWS, dir.resolve("fleet"), fleetLog::add);
        try {
            List<DemoHost> hosts = fleet.hosts();
            fleetFile = FleetYaml.write(fleet.agentsYaml(), fleet.workDir().resolve("fleet.yaml"), target, hosts, """
                    rollout:
                      stage_parallelism: 1
                      waves: [1, 100%]
                      max_unavailable: 1
                    """);
            Map<String, HostSnapshot> before = new LinkedHashMap<>();
            for (DemoHost host : hosts) {
                before.put(host.name(), HostSnapshot.take(host));
                assertEquals(SOURCE, before.get(host.name()).version());
            }
            for (DemoHost host : hosts) { // a fresh agent, and gRPC loaded here before the first kill point polls it
                try (GrpcAgentClient agent = GrpcAgentClient.connect(host.agentHost(), host.agentPort(), host.agentAccess())) {
                    assertEquals(List.of(), agent.operations(), host.name());
                }
            }
            DemoHost one = hosts.get(0);
            DemoHost two = hosts.get(1);
            DemoHost three = hosts.get(2);
            // Twenty points in the run's one order: in staging, in each switch step of the canary, between
            // waves and in the second wave; inside long steps where the agent can be caught running them.
            List<KillPoint> points = List.of(
                    KillPoint.stepStarted(one, Step.UPLOAD).whileUploading(target.sha256()),
                    KillPoint.stepStarted(one, Step.STAGE).whileRunning("stage"),
                    KillPoint.stepStarted(two, Step.STAGE).whileRunning("stage"),
                    KillPoint.stepStarted(three, Step.UPLOAD).whileUploading(target.sha256()),
                    KillPoint.stepFinished(three, Step.STAGE),
                    KillPoint.stepStarted(one, Step.INVENTORY),
                    KillPoint.stepStarted(one, Step.BACKUP).whileRunning("backup"),
                    KillPoint.stepStarted(one, Step.STOP).whileRunning("stop"),
                    KillPoint.stepFinished(one, Step.SWAP),
                    KillPoint.stepStarted(one, Step.START),
                    KillPoint.stepStarted(one, Step.HEALTH_GATE).whileRunning("health-gate").mustCatchRunning(),
                    KillPoint.stepStarted(one, Step.VERIFY),
                    KillPoint.stepFinished(one, Step.VERIFY),
                    KillPoint.waveStarted(2),
                    KillPoint.stepStarted(two, Step.STOP),
                    KillPoint.stepStarted(two, Step.SWAP),
                    KillPoint.stepStarted(two, Step.HEALTH_GATE),
                    KillPoint.stepStarted(two, Step.VERIFY),
                    KillPoint.stepStarted(three, Step.START),
                    KillPoint.stepStarted(three, Step.VERIFY));
            assertEquals(20, points.size());

            List<String> report = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                KillPoint point = points.get(i);
                String[] args = i == 0
                        ? new String[] {"run", "-f", fleetFile.toString(), "--output", "json"}
                        : new String[] {"resume", "-f", fleetFile.toString(), "--output", "json"};
                // While the health gate polls, a second qfleet on the same run is refused: one driver per run.
                Runnable beforeKill = point.mustCatch() ? this::assertSecondQfleetRefused : () -> { };
                boolean inside = killAt(point, beforeKill, (i + 1) + "-" + args[0], args);
                report.add(String.format("kill %2d at %-32s %s", i + 1, point.name(),
                        point.inside() == null ? "" : inside ? "(caught inside)" : "(step had already ended)"));
                assertTrue(inside || !point.mustCatch(), point.name() + ": the operation was not caught running");
                assertStatusShowsEveryHost(hosts);
            }

            QfleetProcess last = start((points.size() + 1) + "-resume", "resume", "-f", fleetFile.toString(), "--output", "json");
            int code = last.await(TO_END);
            report.forEach(line -> System.out.println("[crash] " + line));

            assertEquals(ExitCodes.DONE, code, last.transcript());
            List<JsonNode> events = last.events();
            JsonNode finished = events.get(events.size() - 1);
            assertEquals("run_finished", finished.path("type").asText(), last.transcript());
            assertEquals(hosts.size(), finished.path("hosts").size(), last.transcript());
            for (JsonNode host : finished.path("hosts")) {
                String name = host.path("name").asText();
                assertEquals("migrated", host.path("status").asText(), name + ": " + host);
                assertEquals(SOURCE, host.path("version_before").asText(), name + ": " + host);
                assertEquals(TARGET, host.path("version_after").asText(), name + ": " + host);
                assertEquals(before.get(name).totalRows(), host.path("rows_before").asLong(), name + ": " + host);
                assertEquals(before.get(name).totalRows(), host.path("rows_after").asLong(), name + ": " + host);
            }
            for (DemoHost host : hosts) {
                HostSnapshot now = HostSnapshot.take(host); // exactly one QuestDB serves the root
                assertEquals(TARGET, now.version(), host.name());
                assertEquals(before.get(host.name()).rows(), now.rows(), host.name());
                assertNotEquals(before.get(host.name()).pid(), now.pid(), host.name());
            }

            assertJournalRanEveryStepOnce(hosts, points.size() + 1);
            for (DemoHost host : hosts) {
                AgentOperations operations = AgentOperations.of(host, runId);
                Map<String, String> expected = new TreeMap<>();
                OPERATIONS.forEach(name -> expected.put(name, "succeeded"));
                assertEquals(expected, operations.states(), host.name());
                operations.assertEachRanOnce();
                for (String kind : List.of("stop", "swap", "start")) {
                    assertEquals(1, operations.succeeded(kind), host.name() + " " + kind);
                }
            }
            assertEquals(ExitCodes.DONE, QfleetRun.execute("status", "-f", fleetFile.toString()).exitCode());
        } finally {
            for (QfleetProcess process : started) {
                if (process.alive()) {
                    process.kill();
                }
            }
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

    /**
     * Starts {@code qfleet args} and SIGKILLs it once the point's journal line is there (and, for a point
     * inside a step, once the agent reports that step under way). Returns whether it was caught inside.
     */
    private boolean killAt(KillPoint point, Runnable beforeKill, String name, String... args) {
        int mark = journalLines().size();
        QfleetProcess process = start(name, args);
        long deadline = System.nanoTime() + TO_KILL_POINT.toNanos();
        boolean seen = false;
        while (true) {
            if (!process.alive()) {
                fail("qfleet ended before kill point " + point.name() + "\n" + process.transcript());
            }
            if (!seen) {
                List<JsonNode> lines = journalLines();
                seen = lines.subList(Math.min(mark, lines.size()), lines.size()).stream().anyMatch(point.line());
            }
            if (seen) {
                Optional<Boolean> inside = point.inside() == null ? Optional.of(false) : point.inside().check(runId());
                if (inside.isPresent()) {
                    beforeKill.run();
                    assertTrue(process.alive(), point.name() + ": qfleet ended before the kill\n" + process.transcript());
                    assertEquals(128 + 9, process.kill(), "exit status of a SIGKILLed qfleet\n" + process.transcript());
                    return inside.get();
                }
            }
            if (System.nanoTime() > deadline) {
                process.kill();
                fail("kill point " + point.name() + " not reached in " + TO_KILL_POINT + "\n" + process.transcript());
            }
            sleep(5);
        }
    }

    /**
     * {@code qfleet resume} while the qfleet driving the run is alive: refused as a usage error, nothing
     * journaled (two drivers would interleave their steps in the journal and replay them twice).
     */
    private void assertSecondQfleetRefused() {
        long resumes = journalLines().stream().filter(l -> l.path("type").asText().equals("run_resumed")).count();
        QfleetRun second = QfleetRun.execute("resume", "-f", fleetFile.toString(), "--output", "json");
        assertEquals(ExitCodes.USAGE, second.exitCode(), second.transcript());
        assertTrue(second.err().contains("in use by another qfleet"), second.transcript());
        assertEquals("", second.out(), second.transcript());
        assertEquals(resumes, journalLines().stream().filter(l -> l.path("type").asText().equals("run_resumed")).count(),
                "the refused resume journaled itself");
    }

    /**
     * {@code qfleet status} after a kill: the run is not finished, and every host has a line showing where
     * the journal left it (the step it was in, the next one, or its end).
     */
    private void assertStatusShowsEveryHost(List<DemoHost> hosts) {
        QfleetRun status = QfleetRun.execute("status", "-f", fleetFile.toString());
        assertEquals(ExitCodes.DONE, status.exitCode(), status.transcript());
        List<String> lines = status.out().lines().toList();
        assertEquals(1 + hosts.size(), lines.size(), status.transcript());
        assertTrue(lines.get(0).startsWith("run " + runId() + " ") && lines.get(0).endsWith("not finished; qfleet resume continues it"),
                status.transcript());
        List<JournalEntry> journal = RunJournal.read(runDir().resolve(RunJournal.FILE_NAME));
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i).name();
            String line = lines.get(i + 1);
            assertTrue(line.startsWith(host + "  "), status.transcript());
            assertTrue(line.contains(expectedState(journal, host)), "expected '" + expectedState(journal, host) + "' in: " + line
                    + "\n" + status.transcript());
            assertTrue(line.contains("agent: "), status.transcript());
        }
    }

    /** Where the journal's last step line for the host leaves it, as status words it. */
    private static String expectedState(List<JournalEntry> journal, String host) {
        String state = "not started";
        for (JournalEntry entry : journal) {
            if (entry instanceof JournalEntry.StepStarted s && s.host().equals(host)) {
                state = "in " + Step.valueOf(s.step()).label();
            } else if (entry instanceof JournalEntry.StepFinished f && f.host().equals(host)) {
                assertTrue(f.ok(), "journal: " + f);
                int next = HostWorkflow.FORWARD.indexOf(Step.valueOf(f.step())) + 1;
                state = next == HostWorkflow.FORWARD.size() ? "migrated " + SOURCE + " -> " + TARGET
                        : "next: " + HostWorkflow.FORWARD.get(next).label();
            }
        }
        return state;
    }

    /**
     * The journal, split into its invocations (each begins with run_started or run_resumed): one per qfleet
     * process, and no invocation started a step the journal had seen finish. Every step of every host
     * finished exactly once, ok; a step started again only by the next invocation after a kill mid-step.
     * What each process printed agrees: it announced no step the journal already had as finished.
     */
    private void assertJournalRanEveryStepOnce(List<DemoHost> hosts, int invocations) {
        List<JournalEntry> journal = RunJournal.read(runDir().resolve(RunJournal.FILE_NAME));
        List<Set<String>> finishedBefore = new ArrayList<>();
        Set<String> finished = new HashSet<>();
        Set<String> startedThisInvocation = new HashSet<>();
        Map<String, Integer> finishes = new TreeMap<>();
        for (JournalEntry entry : journal) {
            if (entry instanceof JournalEntry.RunStarted || entry instanceof JournalEntry.RunResumed) {
                finishedBefore.add(Set.copyOf(finished));
                startedThisInvocation.clear();
            } else if (entry instanceof JournalEntry.StepStarted s) {
                String key = s.host() + " " + s.step();
                assertFalse(finished.contains(key), "started again after it finished: " + key + "\n" + journal);
                assertTrue(startedThisInvocation.add(key), "started twice in one invocation: " + key);
            } else if (entry instanceof JournalEntry.StepFinished f) {
                String key = f.host() + " " + f.step();
                assertTrue(f.ok(), "journal: " + f);
                assertTrue(startedThisInvocation.contains(key), "finished without starting in this invocation: " + key);
                finished.add(key);
                finishes.merge(key, 1, Integer::sum);
            }
        }
        assertEquals(invocations, finishedBefore.size(), "run_started + run_resumed lines in the journal");
        Map<String, Integer> once = new TreeMap<>();
        hosts.forEach(h -> HostWorkflow.FORWARD.forEach(step -> once.put(h.name() + " " + step.name(), 1)));
        assertEquals(once, finishes, "step_finished per host and step");
        assertEquals(invocations, started.size());
        for (int i = 0; i < started.size(); i++) {
            for (JsonNode event : started.get(i).events()) {
                if (event.path("type").asText().equals("step_started")) {
                    String key = event.path("host").asText() + " " + step(event.path("step").asText()).name();
                    assertFalse(finishedBefore.get(i).contains(key), "process " + (i + 1) + " started a finished step: " + key);
                }
            }
        }
    }

    private QfleetProcess start(String name, String... args) {
        QfleetProcess process = QfleetProcess.start(dir.resolve("logs"), name, args);
        started.add(process);
        return process;
    }

    /** The one run in the runs dir beside the fleet file (set once the first qfleet created it). */
    private Path runDir() {
        return fleetFile.getParent().resolve("qfleet-runs").resolve(runId());
    }

    private String runId() {
        if (runId == null) {
            Path runs = fleetFile.getParent().resolve("qfleet-runs");
            try (Stream<Path> dirs = Files.isDirectory(runs) ? Files.list(runs) : Stream.empty()) {
                List<Path> all = dirs.toList();
                assertTrue(all.size() <= 1, "more than one run: " + all);
                runId = all.isEmpty() ? null : all.get(0).getFileName().toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return runId;
    }

    /** Every complete journal line as JSON (a line torn by a kill is not complete); empty before the run exists. */
    private List<JsonNode> journalLines() {
        if (runId() == null || !Files.exists(runDir().resolve(RunJournal.FILE_NAME))) {
            return List.of();
        }
        try {
            String text = Files.readString(runDir().resolve(RunJournal.FILE_NAME), UTF_8);
            List<JsonNode> lines = new ArrayList<>();
            int start = 0;
            for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
                lines.add(JSON.readTree(text.substring(start, end)));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Step step(String label) {
        return Stream.of(Step.values()).filter(s -> s.label().equals(label)).findFirst().orElseThrow(() -> new AssertionError(label));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Is the host's step under way on its agent now: empty = not yet, true = yes, false = it already ended. */
    interface Inside {
        Optional<Boolean> check(String runId);
    }

    /** Where to kill: a journal line, optionally followed by the agent reporting the step under way. */
    record KillPoint(String name, Predicate<JsonNode> line, DemoHost host, Inside inside, boolean mustCatch) {

        static KillPoint stepStarted(DemoHost host, Step step) {
            return step("step_started", host, step);
        }

        static KillPoint stepFinished(DemoHost host, Step step) {
            return step("step_finished", host, step);
        }

        static KillPoint waveStarted(int wave) {
            return new KillPoint("wave_started " + wave,
                    line -> line.path("type").asText().equals("wave_started") && line.path("wave").asInt() == wave, null, null, false);
        }

        private static KillPoint step(String type, DemoHost host, Step step) {
            return new KillPoint(type + " " + step.name() + " " + host.name(), line -> line.path("type").asText().equals(type)
                    && line.path("host").asText().equals(host.name()) && line.path("step").asText().equals(step.name()),
                    host, null, false);
        }

        /** Once the line is there, wait until the agent runs {@code <run id>.<host>.<operation>}. */
        KillPoint whileRunning(String operation) {
            return new KillPoint(name + " (" + operation + " running)", line, host, runId -> {
                String id = runId + "." + host.name() + "." + operation;
                try (GrpcAgentClient agent = GrpcAgentClient.connect(host.agentHost(), host.agentPort(), host.agentAccess())) {
                    Optional<AgentOperation> found = agent.operations().stream().filter(o -> o.id().equals(id)).findFirst();
                    if (found.isEmpty() || found.get().state().equals("pending")) {
                        return Optional.empty();
                    }
                    return Optional.of(found.get().state().equals("running"));
                }
            }, mustCatch);
        }

        /** Once the line is there, wait until part of the distribution has reached the agent. */
        KillPoint whileUploading(String sha256) {
            return new KillPoint(name + " (bytes arriving)", line, host, runId -> {
                UploadProbe.Progress upload = UploadProbe.of(host.agentHost(), host.agentPort(), host.agentAccess(), sha256);
                if (upload.complete()) {
                    return Optional.of(false);
                }
                return upload.bytesReceived() > 0 ? Optional.of(true) : Optional.empty();
            }, mustCatch);
        }

        KillPoint mustCatchRunning() {
            return new KillPoint(name, line, host, inside, true);
        }
    }
}
