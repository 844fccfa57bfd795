package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.coordinator.client.FakeAgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.ProgressSink;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.EnterpriseSettings;
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
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the coordinator waits for each bounded step: the step's own timeout plus the fleet's
 * {@code timeouts.agent_grace_seconds} (NetworkCutIT shows a cut-off host failing at that bound). The
 * agent is an in-memory fake that records the wait it is given per operation.
 */
class AgentGraceFakeAgentTest {
    private static final String TARGET = "9.2.2";

    @TempDir
    Path dir;

    private final Map<String, Duration> waits = new ConcurrentHashMap<>();

    @Test
    void eachBoundedStepIsWaitedForItsTimeoutPlusTheGrace() throws Exception {
        Path distribution = Files.writeString(dir.resolve("questdb-" + TARGET + "-no-jre-bin.tar.gz"), "archive");
        List<HostEntry> hosts = List.of(new HostEntry("db-1", "127.0.0.1", 7001));
        Rollout rollout = new Rollout(1, List.of(WaveSize.percent(100)), 1, WaveSize.count(0));
        RunSpec spec = new RunSpec("r1", distribution, "00".repeat(32), TARGET, 30, 45, 50, new RunSpec.Backup(true, "zstd", 0, 0, 600),
                EnterpriseSettings.NONE, null, 7);

        RunResult result;
        try (RunJournal journal = RunJournal.open(dir.resolve("run"))) {
            result = new WorkflowEngine(spec, Map.of(), rollout, entry -> new FakeAgent(entry.name()), new SilentListener(), journal,
                    Clock.systemUTC()).run(hosts, List.of(hosts), Map.of());
        }

        assertEquals("migrated", result.hosts().get(0).status().label());
        assertEquals(Map.of("r1.db-1.inventory", 50 + 7, "r1.db-1.backup", 600 + 7, "r1.db-1.stop", 30 + 7,
                "r1.db-1.health-gate", 45 + 7, "r1.db-1.verify", 50 + 7), Map.of(
                "r1.db-1.inventory", seconds("r1.db-1.inventory"), "r1.db-1.backup", seconds("r1.db-1.backup"),
                "r1.db-1.stop", seconds("r1.db-1.stop"), "r1.db-1.health-gate", seconds("r1.db-1.health-gate"),
                "r1.db-1.verify", seconds("r1.db-1.verify")), waits.toString());
    }

    private int seconds(String operationId) {
        Duration wait = waits.get(operationId);
        return wait == null ? -1 : (int) wait.toSeconds();
    }

    /** Succeeds at every step and records how long the coordinator would wait for each operation. */
    private final class FakeAgent extends FakeAgentClient {
        FakeAgent(String host) {
            super(host);
        }

        @Override
        public OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout) {
            waits.put(operationId, timeout);
            return new OperationOutcome(operationId, true, "", "", 100, operationId.endsWith("health-gate") ? TARGET : "", "ok", "");
        }
    }
}
