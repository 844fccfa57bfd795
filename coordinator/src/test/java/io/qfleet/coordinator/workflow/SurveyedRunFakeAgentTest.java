package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.client.FakeAgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.ProgressSink;
import io.qfleet.coordinator.client.RootMarks;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --plan} hands the run what its check read ({@link Surveyed}): the preflight does not ask
 * for facts again, no root is marked again, and a shared-storage refusal found by the check still
 * refuses. When the check missed a host, every root is marked again. The agents are in-memory fakes
 * that record the calls they get.
 */
class SurveyedRunFakeAgentTest {
    private static final String TARGET = "9.2.2";

    @TempDir
    Path dir;

    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Test
    void theRunTakesTheChecksFactsAndMarkersAndItsRefusals() throws Exception {
        Surveyed surveyed = new Surveyed(Map.of("db-1", facts("db-1"), "db-2", facts("db-2")),
                Map.of("db-1", "", "db-2", "its root is also db-1's (shared storage)"));

        RunResult result = run(surveyed);

        assertEquals(List.of("migrated", "failed"), result.hosts().stream().map(h -> h.status().label()).toList());
        assertEquals(List.of(), calls.stream().filter(c -> c.endsWith(".facts") || c.endsWith(".mark")).toList(), calls.toString());
        assertEquals("preflight failed: its root is also db-1's (shared storage) (host unchanged)", result.hosts().get(1).message());
    }

    @Test
    void aHostTheCheckMissedHasEveryRootMarkedAgain() throws Exception {
        Surveyed surveyed = new Surveyed(Map.of("db-1", facts("db-1")), Map.of("db-1", ""));

        RunResult result = run(surveyed);

        assertEquals(List.of("migrated", "migrated"), result.hosts().stream().map(h -> h.status().label()).toList());
        assertEquals(List.of("db-1.mark", "db-2.facts", "db-2.mark"), calls.stream()
                .filter(c -> c.endsWith(".facts") || c.endsWith(".mark")).sorted().toList());
    }

    private RunResult run(Surveyed surveyed) throws Exception {
        Path distribution = Files.writeString(dir.resolve("questdb-" + TARGET + "-no-jre-bin.tar.gz"), "archive");
        List<HostEntry> hosts = List.of(new HostEntry("db-1", "127.0.0.1", 7001), new HostEntry("db-2", "127.0.0.1", 7002));
        Rollout rollout = new Rollout(2, List.of(WaveSize.percent(100)), 2, WaveSize.count(1));
        RunSpec spec = new RunSpec("r1", distribution, "00".repeat(32), TARGET, 30, 60, 60, new RunSpec.Backup(true, "zstd", 0, 0, 60));
        try (RunJournal journal = RunJournal.open(dir.resolve("run"))) {
            return new WorkflowEngine(spec, Map.of(), rollout, entry -> new FakeAgent(entry.name()), new SilentListener(), journal,
                    Clock.systemUTC()).surveyed(surveyed).run(hosts, List.of(hosts), Map.of());
        }
    }

    private static AgentFacts facts(String host) {
        return FakeAgentClient.openSourceFacts(host, "8.1.4");
    }

    /** Every host has a root of its own, succeeds at every step, and records the calls it gets. */
    private final class FakeAgent extends FakeAgentClient {
        FakeAgent(String host) {
            super(host);
        }

        @Override
        public AgentFacts facts() {
            calls.add(host + ".facts");
            return super.facts();
        }

        @Override
        public RootMarks markRoot(String hostName, String markerId) {
            calls.add(host + ".mark");
            return super.markRoot(hostName, markerId);
        }

        @Override
        public void upload(Path file, String sha256, ProgressSink sink) {
            calls.add(host + ".upload");
        }

        @Override
        public OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout) {
            calls.add(operationId);
            return new OperationOutcome(operationId, true, "", "", 100, operationId.endsWith("health-gate") ? TARGET : "", "ok", "");
        }
    }
}
