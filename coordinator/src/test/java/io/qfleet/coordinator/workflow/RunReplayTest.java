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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resume decisions: what a journal says each host does next. */
class RunReplayTest {
    private static final Instant T = Instant.parse("2026-11-25T22:00:00Z");

    @Test
    void aStepStartedButNotFinishedComesBackRunningSoItIsReattachedNotRepeated() {
        List<JournalEntry> journal = forward("db-1", Step.STOP);
        journal.add(new StepStarted(T, "db-1", "SWAP"));
        HostRun run = RunReplay.replay(journal, "9.2.2").get("db-1");
        assertEquals(Step.SWAP, run.current());
        assertTrue(run.running());
        assertEquals(100L, run.rowsBefore());
        assertEquals("8.1.4", run.versionBefore());
    }

    @Test
    void aFinishedStepIsNeverNext() {
        List<JournalEntry> journal = forward("db-1", Step.HEALTH_GATE);
        HostRun run = RunReplay.replay(journal, "9.2.2").get("db-1");
        assertEquals(Step.VERIFY, run.current());
        assertFalse(run.running());
        assertTrue(run.crossedPointOfNoReturn());
        assertEquals("9.2.2", run.versionAfter());
    }

    @Test
    void aHostThatWasNeverJournaledStartsAtPreflight() {
        Map<String, HostRun> runs = RunReplay.replay(forward("db-1", Step.STAGE), "9.2.2");
        assertNull(runs.get("db-2"));
        assertTrue(runs.get("db-1").staging() == false && runs.get("db-1").current() == Step.INVENTORY);
    }

    @Test
    void aRepeatedStartOfARunningStepIsTolerated() {
        List<JournalEntry> journal = forward("db-1", Step.STOP);
        journal.add(new StepStarted(T, "db-1", "SWAP"));
        journal.add(new StepStarted(T, "db-1", "SWAP")); // re-attached after a resume
        journal.add(finished("db-1", Step.SWAP, true, "", -1));
        assertEquals(Step.START, RunReplay.replay(journal, "9.2.2").get("db-1").current());
    }

    @Test
    void retryFailedRestartsOnlyHostsWhoseDataWasNotTouched() {
        List<JournalEntry> journal = new ArrayList<>();
        journal.addAll(forward("rolled", Step.START));
        journal.add(new StepStarted(T, "rolled", "HEALTH_GATE"));
        journal.add(finished("rolled", Step.HEALTH_GATE, false, "", -1));
        journal.add(new StepStarted(T, "rolled", "ROLLBACK"));
        journal.add(finished("rolled", Step.ROLLBACK, true, "8.1.4", 100));
        journal.addAll(forward("broken", Step.HEALTH_GATE));
        journal.add(new StepStarted(T, "broken", "VERIFY"));
        journal.add(finished("broken", Step.VERIFY, false, "", 50));
        journal.add(new JournalEntry.RunResumed(T, true));
        Map<String, HostRun> runs = RunReplay.replay(journal, "9.2.2");
        assertEquals(2, runs.get("rolled").attempt());
        assertEquals(Step.PREFLIGHT, runs.get("rolled").current());
        assertEquals(HostStatus.FAILED, runs.get("broken").status(), "failed after the point of no return: never retried");
        assertEquals(1, runs.get("broken").attempt());
    }

    @Test
    void retryFailedRunsAFailedEnterpriseStepAgainOnItsOwn() {
        List<Step> path = HostWorkflow.forward(true, false);
        List<JournalEntry> journal = new ArrayList<>();
        for (Step step : path.subList(0, path.indexOf(Step.TLS))) {
            journal.add(new StepStarted(T, "db-1", step.name()));
            journal.add(finished("db-1", step, true, step == Step.PREFLIGHT ? "8.1.4" : step == Step.HEALTH_GATE ? "9.2.2" : "",
                    step == Step.INVENTORY || step == Step.VERIFY ? 100 : -1));
        }
        journal.add(new StepStarted(T, "db-1", "TLS"));
        journal.add(finished("db-1", Step.TLS, false, "", -1));
        assertEquals(HostStatus.FAILED, RunReplay.replay(journal, "9.2.2", h -> path).get("db-1").status());
        journal.add(new JournalEntry.RunResumed(T, true));
        HostRun run = RunReplay.replay(journal, "9.2.2", h -> path).get("db-1");
        assertEquals(Step.TLS, run.current(), "only the failed step, not a new preflight that would find the host on the target");
        assertEquals(2, run.attempt());
        assertEquals("9.2.2", run.versionAfter());
    }

    @Test
    void aPreflightsFinishingStepsAreReplayed() {
        List<Step> path = HostWorkflow.forward(true, true);
        List<JournalEntry> journal = new ArrayList<>();
        journal.add(new StepStarted(T, "db-1", "PREFLIGHT"));
        journal.add(new StepFinished(T, "db-1", "PREFLIGHT", true, "ok", "9.2.2", -1, false, "", List.of("PREFLIGHT", "ADMINS")));
        HostRun run = RunReplay.replay(journal, "9.2.2", h -> path).get("db-1");
        assertEquals(Step.ADMINS, run.current());
        assertEquals(List.of(Step.PREFLIGHT, Step.ADMINS), run.steps());
        journal.set(1, finished("db-1", Step.PREFLIGHT, true, "9.2.2", -1)); // a journal from before finishing steps
        assertEquals("already on 9.2.2, nothing to do", RunReplay.replay(journal, "9.2.2", h -> path).get("db-1").message());
    }

    @Test
    void aFinishWithoutAStartIsACorruptJournal() {
        List<JournalEntry> journal = List.of(finished("db-1", Step.PREFLIGHT, true, "8.1.4", -1));
        assertThrows(IllegalStateException.class, () -> RunReplay.replay(journal, "9.2.2"));
    }

    /** A host journaled through every forward step up to and including {@code last}, all succeeded. */
    private static List<JournalEntry> forward(String host, Step last) {
        List<JournalEntry> entries = new ArrayList<>();
        for (Step step : HostWorkflow.FORWARD) {
            entries.add(new StepStarted(T, host, step.name()));
            String version = step == Step.PREFLIGHT ? "8.1.4" : step == Step.HEALTH_GATE ? "9.2.2" : "";
            long rows = step == Step.INVENTORY || step == Step.VERIFY ? 100 : -1;
            entries.add(finished(host, step, true, version, rows));
            if (step == last) {
                break;
            }
        }
        return entries;
    }

    private static StepFinished finished(String host, Step step, boolean ok, String version, long rows) {
        return new StepFinished(T, host, step.name(), ok, ok ? "ok" : "boom", version, rows, false);
    }
}
