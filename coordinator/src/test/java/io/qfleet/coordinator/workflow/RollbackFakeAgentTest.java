package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.client.FakeAgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.ProgressSink;
import io.qfleet.coordinator.client.RootMarks;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.Rollout;
import io.qfleet.coordinator.fleet.Rollout.WaveSize;
import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.journal.RunJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's rollback from the backup against an in-memory agent that keeps its operations by id,
 * as a real one does (a repeated start of an id returns the operation it has): what a resume
 * mid-rollback and the operator's rollback ask the agent for, in which order, and that nothing
 * finished is started again. Real agents and QuestDB do the same in RollbackIT.
 */
class RollbackFakeAgentTest {
    private static final String ARCHIVE = "/srv/db-1/backups/root-20261125-220000-r1.db-1.backup.tar.zst";
    private static final HostEntry HOST = new HostEntry("db-1", "127.0.0.1", 7001);

    @TempDir
    Path dir;

    private final FakeAgent agent = new FakeAgent();
    private RunSpec spec;

    @BeforeEach
    void spec() throws Exception {
        spec = new RunSpec("r1", Files.writeString(dir.resolve("dist.tar.gz"), "archive"), "00".repeat(32), "9.2.2", 30, 60, 60,
                new RunSpec.Backup(true, "zstd", 0, 0, 600));
    }

    @Test
    void aResumeMidRollbackReattachesToTheRevertAndRunsOnlyWhatIsLeft() {
        HostRun state = HostRuns.through(Step.HEALTH_GATE, ARCHIVE).stepStarted(Step.VERIFY)
                .stepFinished(Step.VERIFY, false, "table sensors is missing", "", -1, false).stepStarted(Step.ROLLBACK_FROM_BACKUP);
        agent.done("r1.db-1.rollback-revert"); // finished before the coordinator died

        RunResult result;
        List<JournalEntry> journal;
        try (RunJournal run = RunJournal.open(dir.resolve("run"))) {
            result = engine(run).run(List.of(HOST), List.of(List.of(HOST)), Map.of("db-1", state));
            journal = run.entries();
        }

        assertEquals(HostStatus.ROLLED_BACK, result.hosts().get(0).status());
        assertEquals(List.of("r1.db-1.rollback-revert"), agent.attached, "re-attached by id");
        assertEquals(List.of("r1.db-1.rollback-restore", "r1.db-1.rollback-verify"), new ArrayList<>(agent.created.keySet()));
        StepRequest.Restore restore = (StepRequest.Restore) agent.created.get("r1.db-1.rollback-restore");
        assertEquals(ARCHIVE, restore.archivePath());
        assertEquals(new StepRequest.Verify("r1.db-1.inventory", 60), agent.created.get("r1.db-1.rollback-verify"),
                "verified against the inventory");
        assertEquals(1, journal.stream().filter(e -> e instanceof JournalEntry.StepFinished f && f.step().equals("ROLLBACK_FROM_BACKUP"))
                .count());
        assertFalse(result.failedAfterPointOfNoReturn());
    }

    @Test
    void theOperatorsRollbackIsJournaledThenRevertsRestoresAndVerifies() {
        HostRun migrated = HostRuns.through(Step.VERIFY, ARCHIVE);

        RunResult result;
        List<JournalEntry> journal;
        try (RunJournal run = RunJournal.open(dir.resolve("run"))) {
            result = engine(run).rollBack(List.of(HOST), Map.of("db-1", migrated));
            journal = run.entries();
        }

        assertEquals(HostStatus.ROLLED_BACK, result.hosts().get(0).status());
        assertTrue(result.hosts().get(0).message().startsWith(HostRun.BY_OPERATOR), result.hosts().get(0).message());
        assertEquals(List.of("r1.db-1.rollback-revert", "r1.db-1.rollback-restore", "r1.db-1.rollback-verify"),
                new ArrayList<>(agent.created.keySet()));
        assertEquals(new StepRequest.RevertSwap("r1.db-1.swap", 30), agent.created.get("r1.db-1.rollback-revert"));
        assertTrue(journal.get(0) instanceof JournalEntry.RollbackRequested r && r.host().equals("db-1"), journal.toString());
        assertEquals(HostStatus.ROLLED_BACK, RunReplay.replay(journal(migrated, journal), "9.2.2").get("db-1").status());
    }

    @Test
    void theBackupCheckRefusesAMissingArchiveAndAnUnreachableAgent() {
        HostRun migrated = HostRuns.through(Step.VERIFY, ARCHIVE);
        try (RunJournal run = RunJournal.open(dir.resolve("run"))) {
            WorkflowEngine engine = engine(run);
            assertNull(engine.backupRefusal(HOST, migrated, "rollback-check-1"));
            assertEquals(new StepRequest.VerifyBackup(ARCHIVE), agent.created.get("r1.db-1.rollback-check-1"));

            agent.failing = "archive " + ARCHIVE + " does not exist";
            WorkflowEngine.Refusal gone = engine.backupRefusal(HOST, migrated, "rollback-check-2");
            assertEquals("its backup " + ARCHIVE + " fails its check: archive " + ARCHIVE + " does not exist", gone.reason());
            assertFalse(gone.unreachable());

            agent.unreachable = true;
            assertTrue(engine.backupRefusal(HOST, migrated, "rollback-check-3").unreachable());
            assertEquals(List.of(), run.entries(), "a check journals nothing");
        }
    }

    private WorkflowEngine engine(RunJournal journal) {
        return new WorkflowEngine(spec, Map.of(), new Rollout(1, List.of(WaveSize.percent(100)), 1, WaveSize.count(0)),
                entry -> agent, new SilentListener(), journal, Clock.systemUTC());
    }

    /** The migrated host's steps as a journal, then {@code after}. */
    private static List<JournalEntry> journal(HostRun migrated, List<JournalEntry> after) {
        List<JournalEntry> entries = new ArrayList<>();
        for (Step step : HostWorkflow.FORWARD) {
            entries.add(new JournalEntry.StepStarted(java.time.Instant.EPOCH, "db-1", step.name()));
            entries.add(new JournalEntry.StepFinished(java.time.Instant.EPOCH, "db-1", step.name(), true, "ok",
                    HostRuns.version(step), HostRuns.rows(step), false, step == Step.BACKUP ? ARCHIVE : ""));
        }
        entries.addAll(after);
        return entries;
    }

    /** Keeps operations by id: a known id is re-attached (its stored outcome), a new one created and succeeds. */
    private static final class FakeAgent extends FakeAgentClient {
        final Map<String, StepRequest> created = new LinkedHashMap<>();
        final List<String> attached = new ArrayList<>();
        private final List<String> earlier = new ArrayList<>();
        String failing;
        boolean unreachable;

        FakeAgent() {
            super("127.0.0.1");
        }

        void done(String id) {
            earlier.add(id);
        }

        @Override
        public OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout) {
            if (unreachable) {
                throw new AgentCallException("unreachable", "agent 127.0.0.1:7001 is unreachable", true, null);
            }
            if (earlier.contains(operationId) || created.containsKey(operationId)) {
                attached.add(operationId);
            } else {
                created.put(operationId, request);
            }
            if (failing != null) {
                return new OperationOutcome(operationId, false, "archive_not_found", failing, -1, "", "", "");
            }
            return new OperationOutcome(operationId, true, "", "", 100, "8.1.4", "ok", "");
        }

        @Override
        public AgentFacts facts() {
            throw new AssertionError("no preflight in a rollback");
        }

        @Override
        public RootMarks markRoot(String hostName, String markerId) {
            throw new AssertionError("no preflight in a rollback");
        }

        @Override
        public void upload(Path file, String sha256, ProgressSink sink) {
            throw new AssertionError("no upload in a rollback");
        }
    }
}
