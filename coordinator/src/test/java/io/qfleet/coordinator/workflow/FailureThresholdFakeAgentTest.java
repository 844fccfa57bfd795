package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.client.FakeAgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.ProgressSink;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.Rollout;
import io.qfleet.coordinator.fleet.Rollout.WaveSize;
import io.qfleet.coordinator.journal.RunJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure threshold inside a wave, where timing decides what real hosts would show: with
 * {@code max_failures: 0} and a wave of three behind {@code max_unavailable: 2}, the host queued behind
 * the two in flight must not start once one of them failed, while the other one in flight finishes.
 * The agents are fakes (in memory, no gRPC) that succeed at everything except db-2's health gate, and
 * hold db-3's health gate until db-2's rollback has begun, so db-3 frees its slot only after the failure.
 */
class FailureThresholdFakeAgentTest {
    private static final String TARGET = "9.2.2";

    @TempDir
    Path dir;

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch rollbackBegun = new CountDownLatch(1);
    /** db-2 fails only once db-3 is down too, so both are in flight when the failure counts. */
    private final CountDownLatch db3Down = new CountDownLatch(1);

    @Test
    void aFailedHostHoldsBackTheWavesQueuedHostsWhileTheOtherInFlightFinishes() throws Exception {
        Path distribution = Files.writeString(dir.resolve("dist.tar.gz"), "archive");
        List<HostEntry> hosts = List.of(host("db-1"), host("db-2"), host("db-3"), host("db-4"));
        List<List<HostEntry>> waves = List.of(hosts.subList(0, 1), hosts.subList(1, 4));
        Rollout rollout = new Rollout(4, List.of(WaveSize.count(1), WaveSize.percent(100)), 2, WaveSize.count(0));
        RunSpec spec = new RunSpec("r1", distribution, "00".repeat(32), TARGET, 30, 60, 60,
                new RunSpec.Backup(true, "zstd", 0, 0, 60));

        RunResult result;
        try (RunJournal journal = RunJournal.open(dir.resolve("run"))) {
            result = new WorkflowEngine(spec, Map.of(), rollout, entry -> new FakeAgent(entry.name()), new SilentListener(), journal,
                    Clock.systemUTC()).run(hosts, waves, Map.of());
        }

        Map<String, String> statuses = result.hosts().stream()
                .collect(Collectors.toMap(HostSummary::name, h -> h.status().label(), (a, b) -> a, TreeMap::new));
        assertEquals(Map.of("db-1", "migrated", "db-2", "rolled_back", "db-3", "migrated", "db-4", "not_started"), statuses);
        assertEquals(List.of("r1.db-4.upload", "r1.db-4.stage"), calls.stream().filter(c -> c.startsWith("r1.db-4.")).toList(),
                "db-4 was staged with the fleet, then held back: " + calls);
        assertTrue(result.hosts().get(3).message().contains("qfleet resume continues it"), result.hosts().get(3).message());
    }

    @Test
    void aHostResumedMidRollbackStillHoldsBackTheNextWave() throws Exception {
        Path distribution = Files.writeString(dir.resolve("dist.tar.gz"), "archive");
        List<HostEntry> hosts = List.of(host("db-1"), host("db-2"));
        Rollout rollout = new Rollout(4, List.of(WaveSize.count(1), WaveSize.percent(100)), 1, WaveSize.count(0));
        RunSpec spec = new RunSpec("r1", distribution, "00".repeat(32), TARGET, 30, 60, 60,
                new RunSpec.Backup(true, "zstd", 0, 0, 60));
        HostRun db1 = HostRun.begin("db-1", TARGET); // killed while rolling back after its health gate failed
        for (Step step : HostWorkflow.FORWARD.subList(0, HostWorkflow.FORWARD.indexOf(Step.HEALTH_GATE))) {
            db1 = db1.stepStarted(step).stepFinished(step, true, "ok", step == Step.PREFLIGHT ? "8.1.4" : "", 100, false);
        }
        db1 = db1.stepStarted(Step.HEALTH_GATE).stepFinished(Step.HEALTH_GATE, false, "exit code 55", "", -1, false)
                .stepStarted(Step.ROLLBACK);
        HostRun db2 = HostRun.begin("db-2", TARGET);
        for (Step step : HostWorkflow.FORWARD.subList(0, HostWorkflow.FORWARD.indexOf(Step.INVENTORY))) {
            db2 = db2.stepStarted(step).stepFinished(step, true, "ok", step == Step.PREFLIGHT ? "8.1.4" : "", -1, false);
        }

        RunResult result;
        try (RunJournal journal = RunJournal.open(dir.resolve("run"))) {
            result = new WorkflowEngine(spec, Map.of(), rollout, entry -> new FakeAgent(entry.name()), new SilentListener(), journal,
                    Clock.systemUTC()).run(hosts, List.of(hosts.subList(0, 1), hosts.subList(1, 2)), Map.of("db-1", db1, "db-2", db2));
        }

        assertEquals(List.of("rolled_back", "not_started"), result.hosts().stream().map(h -> h.status().label()).toList());
        assertEquals(List.of("r1.db-1.rollback-revert", "r1.db-1.rollback-start", "r1.db-1.rollback-health-gate",
                "r1.db-1.rollback-verify"), calls);
    }

    private static HostEntry host(String name) {
        return new HostEntry(name, "127.0.0.1", 7001);
    }

    /** Succeeds at every step but db-2's health gate; db-3's health gate returns once db-2's rollback began. */
    private final class FakeAgent extends FakeAgentClient {
        FakeAgent(String host) {
            super(host);
        }

        @Override
        public void upload(Path file, String sha256, ProgressSink sink) {
            calls.add("r1." + host + ".upload");
        }

        @Override
        public OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout) {
            calls.add(operationId);
            if (operationId.equals("r1.db-3.stop")) {
                db3Down.countDown();
            }
            if (operationId.equals("r1.db-2.health-gate")) {
                await(db3Down, "db-3 never went down");
                return new OperationOutcome(operationId, false, "questdb_exited", "QuestDB is not running (exit code 55)", -1, "", "", "");
            }
            if (operationId.equals("r1.db-2.rollback-revert")) {
                rollbackBegun.countDown();
            }
            if (operationId.equals("r1.db-3.health-gate")) {
                await(rollbackBegun, "db-2's rollback never began");
            }
            String version = operationId.contains("rollback") ? "8.1.4" : TARGET;
            return new OperationOutcome(operationId, true, "", "", 100, version, "ok", "");
        }

        private void await(CountDownLatch latch, String what) {
            try {
                assertTrue(latch.await(10, TimeUnit.SECONDS), what);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
