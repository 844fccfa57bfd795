package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.fleet.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostRunTest {

    @Test
    void aHostAlreadyOnTheTargetIsDoneAfterPreflight() {
        HostRun run = HostRun.begin("db-1", "9.2.2").stepStarted(Step.PREFLIGHT)
                .stepFinished(Step.PREFLIGHT, true, "running", "9.2.2", -1, false);
        assertEquals(HostStatus.MIGRATED, run.status());
        assertEquals("9.2.2", run.versionAfter());
    }

    @Test
    void aHostOnTheTargetWithNothingLeftIsDoneAfterPreflight() {
        HostRun run = HostRun.begin("db-1", "9.2.2", ENTERPRISE).stepStarted(Step.PREFLIGHT)
                .stepFinished(Step.PREFLIGHT, true, "running", "9.2.2", -1, false, "", List.of());
        assertEquals(HostStatus.MIGRATED, run.status());
        assertEquals("already on 9.2.2, nothing to do", run.message());
    }

    @Test
    void aHostOnTheTargetWithoutTlsRunsOnlyTheTlsSteps() {
        HostRun run = HostRun.begin("db-1", "9.2.2", ENTERPRISE).stepStarted(Step.PREFLIGHT)
                .stepFinished(Step.PREFLIGHT, true, "running", "9.2.2", -1, false, "", List.of(Step.PREFLIGHT, Step.TLS_CHECK, Step.TLS));
        assertNull(run.status(), "not done: its TLS step is still to run");
        assertEquals(Step.TLS_CHECK, run.current());
        assertTrue(run.staging(), "the material check runs wide, before anything restarts");
        run = run.stepStarted(Step.TLS_CHECK).stepFinished(Step.TLS_CHECK, true, "ok", "", -1, false);
        assertEquals(Step.TLS, run.current(), "no upload, stage, inventory, backup, stop or swap");
        assertTrue(run.notYetDown(), "held back like a host before its inventory");
        run = run.stepStarted(Step.TLS).stepFinished(Step.TLS, true, "handshakes ok", "", -1, false);
        assertEquals(HostStatus.MIGRATED, run.status());
        assertEquals("already on 9.2.2; ran only tls", run.message());
        assertEquals("9.2.2", run.versionAfter());
        assertFalse(run.crossedPointOfNoReturn(), "the binaries were in place");
    }

    @Test
    void aHostOnTheTargetThatFailsItsTlsStepIsRetriedAtThatStep() {
        HostRun run = HostRun.begin("db-1", "9.2.2", ENTERPRISE).stepStarted(Step.PREFLIGHT)
                .stepFinished(Step.PREFLIGHT, true, "running", "9.2.2", -1, false, "", List.of(Step.PREFLIGHT, Step.TLS_CHECK, Step.TLS));
        run = run.stepStarted(Step.TLS_CHECK).stepFinished(Step.TLS_CHECK, true, "ok", "", -1, false);
        run = run.stepStarted(Step.TLS).stepFinished(Step.TLS, false, "handshake failed", "", -1, false);
        assertEquals(HostStatus.FAILED, run.status());
        assertTrue(run.failedAfterChanges(), "the step may have written keys and restarted: not 'fleet unchanged'");
        HostRun retried = run.retry();
        assertEquals(Step.TLS, retried.current());
        assertEquals(2, retried.attempt());
        assertEquals(List.of(Step.PREFLIGHT, Step.TLS_CHECK, Step.TLS), retried.steps());
    }

    /**
     * {@code --retry-failed} on the full Enterprise path of a primary: each row fails one step (and,
     * where that leads to a rollback, the rollback ends as {@code rollbackOk} says).
     */
    @ParameterizedTest(name = "{0} fails, rollback ok={1} -> retryable={2}, retried at {3}")
    @CsvSource({
        // before the point of no return: a fresh attempt from preflight
        "STAGE,       ,      true,  PREFLIGHT",
        "TLS_CHECK,   ,      true,  PREFLIGHT",
        "SWAP,        true,  true,  PREFLIGHT",
        // rolled back from the backup after a failure: the previous version serves, a fresh attempt
        "HEALTH_GATE, true,  true,  PREFLIGHT",
        // a failed undo needs an operator
        "HEALTH_GATE, false, false, ",
        // steps 9 to 11: data migrated and verified, only that step (and those after it) again
        "TLS,         ,      true,  TLS",
        "ADMINS,      ,      true,  ADMINS",
        "REPLICATION, ,      true,  REPLICATION",
    })
    void retryFailed(Step failing, Boolean rollbackOk, boolean retryable, Step retriedAt) {
        HostRun run = failedAt(failing, rollbackOk);
        assertEquals(retryable, run.retryable());
        if (!retryable) {
            assertThrows(IllegalStateException.class, run::retry);
            return;
        }
        HostRun retried = run.retry();
        assertEquals(retriedAt, retried.current());
        assertEquals(2, retried.attempt(), "new operation ids: the agent runs the step again");
        assertNull(retried.status());
        if (retriedAt != Step.PREFLIGHT) {
            assertTrue(retried.crossedPointOfNoReturn());
            assertEquals("/b/a.tar.zst", retried.backupArchive(), "a later qfleet rollback still has its backup");
            assertEquals(100L, retried.rowsBefore());
            assertTrue(retried.notYetDown(), "a stop request or the failure threshold holds it back before its retried step");
            Step next = retried.stepStarted(retriedAt).stepFinished(retriedAt, true, "ok", "", -1, false).current();
            assertEquals(retriedAt == Step.REPLICATION ? null : ENTERPRISE.get(ENTERPRISE.indexOf(retriedAt) + 1), next,
                    "the steps after it follow");
        }
    }

    private static final List<Step> ENTERPRISE = HostWorkflow.forward(true, true, Role.PRIMARY);

    /**
     * Whether a failed host counts as "may have changed" (exit 4, not 3: every host on its old version with its data):
     * once the new binaries ran, once an Enterprise step began, and when the undo of a failed stop or swap failed too.
     */
    @ParameterizedTest(name = "{0} fails, rollback ok={1} -> may have changed the host={2}")
    @CsvSource({
        "STAGE,       ,      false",
        "BACKUP,      ,      false",
        "STOP,        true,  false",
        "STOP,        false, true",
        "SWAP,        true,  false",
        "SWAP,        false, true",
        "HEALTH_GATE, true,  false",
        "HEALTH_GATE, false, true",
        "TLS,         ,      true",
    })
    void failedAfterChanges(Step failing, Boolean rollbackOk, boolean changed) {
        HostRun run = failedAt(failing, rollbackOk);
        assertTrue(run.finished());
        assertEquals(changed, run.failedAfterChanges(), run.summary().toString());
    }

    /** A host of the full Enterprise path whose {@code failing} step fails, and whose rollback (if one follows) ends as {@code rollbackOk}. */
    private static HostRun failedAt(Step failing, Boolean rollbackOk) {
        HostRun run = HostRun.begin("db-1", "3.1.1", ENTERPRISE);
        while (run.current() != failing) {
            Step step = run.current();
            run = run.stepStarted(step).stepFinished(step, true, "ok", step == Step.PREFLIGHT ? "9.2.2" : step == Step.HEALTH_GATE
                    ? "3.1.1" : "", step == Step.INVENTORY ? 100 : -1, false, step == Step.BACKUP ? "/b/a.tar.zst" : "");
        }
        run = run.stepStarted(failing).stepFinished(failing, false, "boom", "", -1, false);
        if (!run.finished()) {
            Step undo = run.current();
            run = run.stepStarted(undo).stepFinished(undo, rollbackOk, "undo", rollbackOk ? "9.2.2" : "", rollbackOk ? 100 : -1, false);
        }
        return run;
    }

    @Test
    void theFirstFailureIsWhatTheSummarySays() {
        HostRun run = through(HostRun.begin("db-1", "9.2.2"), Step.START);
        run = run.stepStarted(Step.HEALTH_GATE).stepFinished(Step.HEALTH_GATE, false, "QuestDB exited", "", -1, false);
        assertEquals(Step.ROLLBACK, run.current());
        run = run.stepStarted(Step.ROLLBACK).stepFinished(Step.ROLLBACK, true, "serving again", "8.1.4", 100, false);
        assertEquals(HostStatus.ROLLED_BACK, run.status());
        assertTrue(run.summary().message().startsWith("health gate failed: QuestDB exited"));
        assertEquals("8.1.4", run.summary().versionAfter());
        assertFalse(run.swapped());
    }

    @Test
    void stepsMustComeInTheOrderTheWorkflowDecided() {
        HostRun run = HostRun.begin("db-1", "9.2.2");
        assertThrows(IllegalStateException.class, () -> run.stepStarted(Step.STOP));
        assertThrows(IllegalStateException.class, () -> run.stepFinished(Step.PREFLIGHT, true, "", "", -1, false));
    }

    @Test
    void anUnreachableAgentIsRemembered() {
        HostRun run = HostRun.begin("db-1", "9.2.2").stepStarted(Step.PREFLIGHT)
                .stepFinished(Step.PREFLIGHT, false, "agent unreachable", "", -1, true);
        assertTrue(run.unreachable());
        assertEquals(HostStatus.FAILED, run.status());
        assertTrue(run.retryable());
    }

    private static HostRun through(HostRun run, Step last) {
        for (Step step : HostWorkflow.FORWARD) {
            String version = step == Step.PREFLIGHT ? "8.1.4" : "";
            run = run.stepStarted(step).stepFinished(step, true, "ok", version, step == Step.INVENTORY ? 100 : -1, false);
            if (step == last) {
                return run;
            }
        }
        return run;
    }
}
