package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.journal.JournalEntry.StepFinished;
import io.qfleet.coordinator.journal.JournalEntry.StepStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The way back after the point of no return, in the pure state: automatic, on the operator's word, and resumed. */
class RollbackFromBackupTest {
    private static final Instant T = Instant.parse("2026-11-25T22:00:00Z");
    private static final String ARCHIVE = "/var/backups/root-20261125-220000-r1.db-1.backup.tar.zst";

    @Test
    void aFailedVerifyRestoresTheBackupAndReportsTheFailingCheck() {
        HostRun run = HostRuns.through(Step.HEALTH_GATE, ARCHIVE);
        assertEquals(ARCHIVE, run.backupArchive(), "the backup's archive is carried to the rollback");
        run = run.stepStarted(Step.VERIFY).stepFinished(Step.VERIFY, false, "table sensors is missing", "", -1, false);
        assertEquals(Step.ROLLBACK_FROM_BACKUP, run.current());
        assertNull(run.status());

        run = run.stepStarted(Step.ROLLBACK_FROM_BACKUP).stepFinished(Step.ROLLBACK_FROM_BACKUP, true, "restored", "8.1.4", 100, false);

        assertEquals(HostStatus.ROLLED_BACK, run.status());
        assertEquals("verify failed: table sensors is missing (" + HostWorkflow.RESTORED + ")", run.message());
        assertEquals("8.1.4", run.versionAfter());
        assertEquals(100L, run.rowsAfter());
        assertFalse(run.swapped(), "the previous binaries are back");
        assertTrue(run.retryable(), "back on its old version with its data: --retry-failed may try again");
    }

    @Test
    void aFailedHealthGateOrStartAlsoRestores() {
        for (Step step : List.of(Step.START, Step.HEALTH_GATE)) {
            HostRun run = HostRuns.through(HostWorkflow.FORWARD.get(HostWorkflow.FORWARD.indexOf(step) - 1), ARCHIVE);
            run = run.stepStarted(step).stepFinished(step, false, "QuestDB exited", "", -1, false);
            assertEquals(Step.ROLLBACK_FROM_BACKUP, run.current(), step.name());
        }
    }

    @Test
    void aFailedRestoreLeavesTheHostFailedAfterThePointOfNoReturn() {
        HostRun run = HostRuns.through(Step.HEALTH_GATE, ARCHIVE).stepStarted(Step.VERIFY).stepFinished(Step.VERIFY, false, "rows", "", -1, false)
                .stepStarted(Step.ROLLBACK_FROM_BACKUP).stepFinished(Step.ROLLBACK_FROM_BACKUP, false, "backup_corrupt", "", -1, false);
        assertEquals(HostStatus.FAILED, run.status());
        assertTrue(run.message().startsWith("verify failed: rows (rollback from the backup failed"), run.message());
        assertFalse(run.retryable());
    }

    @Test
    void withoutABackupAFailedVerifyIsReportedAndNothingIsUndone() {
        HostRun run = HostRuns.through(Step.HEALTH_GATE, "").stepStarted(Step.VERIFY)
                .stepFinished(Step.VERIFY, false, "table sensors is missing", "", -1, false);
        assertEquals(HostStatus.FAILED, run.status());
        assertTrue(run.message().contains("no backup (--skip-backup)"), run.message());
        assertTrue(run.crossedPointOfNoReturn());
        assertFalse(run.retryable());
    }

    @Test
    void resumeMidRollbackReattachesWithTheArchiveFromTheJournal() {
        List<JournalEntry> journal = forward(Step.HEALTH_GATE);
        journal.add(new StepStarted(T, "db-1", "VERIFY"));
        journal.add(new StepFinished(T, "db-1", "VERIFY", false, "table sensors is missing", "", -1, false));
        journal.add(new StepStarted(T, "db-1", "ROLLBACK_FROM_BACKUP"));

        HostRun run = RunReplay.replay(journal, "9.2.2").get("db-1");

        assertEquals(Step.ROLLBACK_FROM_BACKUP, run.current());
        assertTrue(run.running(), "re-attached, not started again");
        assertEquals(ARCHIVE, run.backupArchive());
        assertTrue(run.swapped(), "the revert is still to be confirmed");
        journal.add(new StepFinished(T, "db-1", "ROLLBACK_FROM_BACKUP", true, "restored", "8.1.4", 100, false));
        assertEquals(HostStatus.ROLLED_BACK, RunReplay.replay(journal, "9.2.2").get("db-1").status());
    }

    @Test
    void theOperatorRollsBackAMigratedHost() {
        HostRun migrated = HostRuns.through(Step.VERIFY, ARCHIVE);
        assertEquals(HostStatus.MIGRATED, migrated.status());
        assertNull(migrated.rollbackRefusal());

        HostRun run = migrated.rollbackRequested();
        assertEquals(Step.ROLLBACK_FROM_BACKUP, run.current());
        assertFalse(run.finished());
        run = run.stepStarted(Step.ROLLBACK_FROM_BACKUP).stepFinished(Step.ROLLBACK_FROM_BACKUP, true, "restored", "8.1.4", 100, false);

        assertEquals(HostStatus.ROLLED_BACK, run.status());
        assertTrue(run.rolledBackByOperator());
        assertEquals(HostRun.BY_OPERATOR + "; " + HostWorkflow.RESTORED, run.message());
        assertFalse(run.retryable(), "the operator wanted it back: --retry-failed leaves it");
    }

    @Test
    void theOperatorsRollbackIsRefusedWhereThereIsNoWayBack() {
        assertTrue(HostRuns.through(Step.VERIFY, "").rollbackRefusal().contains("no backup"), "a --skip-backup run");
        HostRun onTarget = HostRun.begin("db-1", "9.2.2").stepStarted(Step.PREFLIGHT)
                .stepFinished(Step.PREFLIGHT, true, "running", "9.2.2", -1, false);
        assertTrue(onTarget.rollbackRefusal().startsWith("not migrated by this run"), onTarget.rollbackRefusal());
        HostRun failed = HostRuns.through(Step.INVENTORY, "").stepStarted(Step.BACKUP).stepFinished(Step.BACKUP, false, "disk full", "", -1, false);
        assertEquals("not migrated by this run (failed)", failed.rollbackRefusal());
        HostRun halfway = HostRuns.through(Step.SWAP, ARCHIVE);
        assertTrue(halfway.rollbackRefusal().startsWith("not finished in this run"), halfway.rollbackRefusal());
        assertThrows(IllegalStateException.class, failed::rollbackRequested);
    }

    @Test
    void theOperatorsRollbackIsJournaledSoResumeFinishesIt() {
        List<JournalEntry> journal = forward(Step.VERIFY);
        journal.add(new JournalEntry.RunFinished(T, false));
        journal.add(new JournalEntry.RollbackRequested(T, "db-1"));
        journal.add(new StepStarted(T, "db-1", "ROLLBACK_FROM_BACKUP"));

        HostRun run = RunReplay.replay(journal, "9.2.2").get("db-1");

        assertEquals(Step.ROLLBACK_FROM_BACKUP, run.current());
        assertTrue(run.running());
        assertEquals(ARCHIVE, run.backupArchive());
    }

    @Test
    void aJournalWrittenBeforeArchivesWereJournaledReadsAsNoBackup() {
        List<JournalEntry> journal = new ArrayList<>();
        for (Step step : HostWorkflow.FORWARD) {
            journal.add(new StepStarted(T, "db-1", step.name()));
            journal.add(new StepFinished(T, "db-1", step.name(), true, "", HostRuns.version(step), HostRuns.rows(step), false)); // no archive field
        }
        HostRun run = RunReplay.replay(journal, "9.2.2").get("db-1");
        assertEquals(HostStatus.MIGRATED, run.status());
        assertEquals("", run.backupArchive());
        assertTrue(run.rollbackRefusal().contains("no backup"), run.rollbackRefusal());
    }

    private static List<JournalEntry> forward(Step last) {
        List<JournalEntry> entries = new ArrayList<>();
        for (Step step : HostWorkflow.FORWARD) {
            entries.add(new StepStarted(T, "db-1", step.name()));
            entries.add(new StepFinished(T, "db-1", step.name(), true, "ok", HostRuns.version(step), HostRuns.rows(step), false,
                    step == Step.BACKUP ? ARCHIVE : ""));
            if (step == last) {
                break;
            }
        }
        return entries;
    }
}
