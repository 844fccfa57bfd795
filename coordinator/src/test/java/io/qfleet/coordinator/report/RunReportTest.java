package io.qfleet.coordinator.report;

import static io.qfleet.coordinator.report.JournalScript.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.workflow.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    @TempDir
    Path dir;

    RunReport report() {
        return RunReport.from(RunJournal.read(dir.resolve(RunJournal.FILE_NAME)));
    }

    @Test
    void cleanRunMigratesEveryHostWithStopToHealthGateDowntime() {
        JournalScript.Runs.clean(dir);
        RunReport report = report();

        assertEquals("r-clean", report.runId());
        assertEquals("9.2.2", report.targetVersion());
        assertEquals(RunState.FINISHED, report.state());
        assertEquals(t(0), report.started());
        assertEquals(t(43), report.finished());
        assertEquals(0, report.resumed());
        assertEquals(List.of("db-1", "db-2", "db-3"), report.hosts().stream().map(HostReport::name).toList());
        assertEquals(List.of(1, 2, 2), report.hosts().stream().map(HostReport::wave).toList());

        HostReport db2 = report.hosts().get(1);
        assertEquals(HostState.MIGRATED, db2.state());
        assertEquals("8.1.4", db2.versionBefore());
        assertEquals("9.2.2", db2.versionAfter());
        assertEquals(2_000_000L, db2.rowsBefore());
        assertEquals(9, db2.steps().size());
        assertEquals(new Downtime(t(28.3), t(40.5), Step.HEALTH_GATE, Duration.ofMillis(12_200)), db2.downtime());
        assertEquals(t(31.5), db2.pointOfNoReturn());
        assertEquals(List.of(Step.PREFLIGHT, Step.INVENTORY, Step.HEALTH_GATE, Step.VERIFY),
                db2.checks().stream().map(StepAttempt::step).toList());
        assertEquals(Duration.ofMillis(1_500), db2.lastAttempt(Step.VERIFY).duration());

        Totals totals = report.totals();
        assertEquals(new Totals(3, 3, 0, 0, 0, 0, Duration.ofMillis(36_600), Duration.ofMillis(12_200), "db-1", 0),
                totals);
    }

    @Test
    void rollbackEndsDowntimeAndNotStartedHostHasNone() {
        JournalScript.Runs.rolledBack(dir, "back on the previous version, data verified");
        RunReport report = report();

        HostReport db2 = report.hosts().get(1);
        assertEquals(HostState.ROLLED_BACK, db2.state());
        assertEquals(new Downtime(t(7.3), t(31.5), Step.ROLLBACK, Duration.ofMillis(24_200)), db2.downtime());
        assertEquals(Step.HEALTH_GATE, db2.cause().step());
        assertEquals(StepResult.FAILED, db2.cause().result());
        assertEquals("8.1.4", db2.versionAfter());

        HostReport db3 = report.hosts().get(2);
        assertEquals(HostState.NOT_STARTED, db3.state());
        assertNull(db3.downtime());
        assertTrue(db3.steps().isEmpty());
        assertNull(db3.rowsBefore());

        assertEquals(new Totals(3, 1, 0, 1, 1, 0, Duration.ofMillis(36_400), Duration.ofMillis(24_200), "db-2", 0),
                report.totals());
    }

    @Test
    void failedRollbackLeavesDowntimeOpenToTheEndOfTheJournal() {
        try (JournalScript s = new JournalScript(dir)) {
            s.runStarted("r-open", List.of("db-1"), List.of(List.of("db-1")));
            double at = s.forward("db-1", 0, Step.PREFLIGHT, Step.SWAP);
            s.started("db-1", Step.START, at).finished("db-1", Step.START, at + 2, false, "exited with 1");
            s.started("db-1", Step.ROLLBACK, at + 2).finished("db-1", Step.ROLLBACK, at + 5, false, "old version exits");
            s.hostFinished("db-1", at + 5, "failed", "", null, "rollback failed: the host needs an operator");
            s.runFinished(at + 6, false);
        }
        HostReport db1 = report().hosts().get(0);

        assertEquals(HostState.FAILED, db1.state());
        assertTrue(db1.downtime().open());
        assertNull(db1.downtime().endedBy());
        assertEquals(Duration.ofMillis(9_200), db1.downtime().duration()); // 7.3 to 16.5, the run_finished
        assertEquals(Step.START, db1.cause().step());
        assertEquals(1, report().totals().openDowntime());
    }

    @Test
    void crashedRunLeavesHostInProgressWithUnfinishedStepAndOpenDowntime() {
        JournalScript.Runs.crashed(dir);
        RunReport report = report();

        assertEquals(RunState.INCOMPLETE, report.state());
        assertNull(report.finished());
        assertEquals(t(31.3), report.lastEntry());
        HostReport db2 = report.hosts().get(1);
        assertEquals(HostState.IN_PROGRESS, db2.state());
        StepAttempt swap = db2.steps().get(db2.steps().size() - 1);
        assertEquals(Step.SWAP, swap.step());
        assertEquals(StepResult.UNFINISHED, swap.result());
        assertNull(swap.finished());
        assertNull(swap.duration());
        assertEquals(t(31.3), swap.lastSeen());
        assertEquals(new Downtime(t(28.3), null, null, Duration.ofMillis(3_000)), db2.downtime());
        assertEquals("8.1.4", db2.versionBefore()); // from preflight: no host_finished
        assertEquals("", db2.versionAfter());
        assertEquals(2_000_000L, db2.rowsBefore()); // from the inventory
        assertNull(db2.rowsAfter());
        assertFalse(db2.afterPointOfNoReturn());
        assertEquals(HostState.NOT_STARTED, report.hosts().get(2).state());
        assertEquals(1, report.totals().inProgress());
    }

    @Test
    void resumedRunShowsBothAttemptsOfTheInterruptedStep() {
        JournalScript.Runs.resumed(dir);
        RunReport report = report();

        assertEquals(RunState.FINISHED, report.state());
        assertEquals(List.of(t(100)), report.resumes());
        HostReport db2 = report.hosts().get(1);
        assertEquals(HostState.MIGRATED, db2.state());
        List<StepAttempt> swaps = db2.steps().stream().filter(s -> s.step() == Step.SWAP).toList();
        assertEquals(2, swaps.size());
        assertEquals(1, swaps.get(0).attempt());
        assertEquals(StepResult.UNFINISHED, swaps.get(0).result());
        assertEquals(t(31.3), swaps.get(0).lastSeen()); // the end of the first segment, not the resume
        assertEquals(2, swaps.get(1).attempt());
        assertEquals(StepResult.OK, swaps.get(1).result());
        assertEquals(Duration.ofMillis(200), swaps.get(1).duration());
        // down from the first stop until the health gate after the resume passed, crash included
        assertEquals(new Downtime(t(28.3), t(109.2), Step.HEALTH_GATE, Duration.ofMillis(80_900)), db2.downtime());
        assertEquals(new Totals(3, 3, 0, 0, 0, 0, Duration.ofMillis(105_300), Duration.ofMillis(80_900), "db-2", 0),
                report.totals());
    }

    @Test
    void hostRetriedAfterItFinishedIsInProgressAgain() {
        try (JournalScript s = new JournalScript(dir)) {
            s.runStarted("r-retry", List.of("db-1"), List.of(List.of("db-1")));
            s.started("db-1", Step.PREFLIGHT, 0).finished("db-1", Step.PREFLIGHT, 1, false, "disk full");
            s.hostFinished("db-1", 1, "failed", "", null, "host unchanged");
            s.runFinished(1, false);
            s.resumed(50);
            s.started("db-1", Step.PREFLIGHT, 50);
        }
        RunReport report = report();

        assertEquals(RunState.INCOMPLETE, report.state());
        assertEquals(HostState.IN_PROGRESS, report.hosts().get(0).state());
        assertEquals(2, report.hosts().get(0).lastAttempt(Step.PREFLIGHT).attempt());
    }

    @Test
    void refusesWhatIsNotARunJournal() {
        assertEquals("empty journal (expected: a run_started entry first)",
                assertThrows(IllegalArgumentException.class, () -> RunReport.from(List.of())).getMessage());
        assertEquals("no run_started entry", assertThrows(IllegalArgumentException.class,
                () -> RunReport.from(List.of(new JournalEntry.RunFinished(t(1), false)))).getMessage());
        List<JournalEntry> badStep = List.of(
                new JournalEntry.RunStarted(t(0), "r", "f", "", "9.2.2", List.of("db-1"), List.of()),
                new JournalEntry.StepStarted(t(1), "db-1", "REBOOT"));
        assertEquals("entry 2: unknown step 'REBOOT'",
                assertThrows(IllegalArgumentException.class, () -> RunReport.from(badStep)).getMessage());
        List<JournalEntry> badStatus = List.of(
                new JournalEntry.RunStarted(t(0), "r", "f", "", "9.2.2", List.of("db-1"), List.of()),
                new JournalEntry.HostFinished(t(1), "db-1", "happy", "", "", null, null, "", false, false));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunReport.from(badStatus)).getMessage()
                .startsWith("entry 2: unknown host status 'happy'"));
    }
}
