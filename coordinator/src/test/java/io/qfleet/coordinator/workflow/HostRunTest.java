package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostRunTest {

    @Test
    void aHostAlreadyOnTheTargetIsDoneAfterPreflight() {
        HostRun run = HostRun.begin("db-1", "9.2.2").stepStarted(Step.PREFLIGHT)
                .stepFinished(Step.PREFLIGHT, true, "running", "9.2.2", -1, false);
        assertEquals(HostStatus.MIGRATED, run.status());
        assertEquals("9.2.2", run.versionAfter());
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
