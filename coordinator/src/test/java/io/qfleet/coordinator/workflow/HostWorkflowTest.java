package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostWorkflowTest {

    @ParameterizedTest(name = "{0} ok={1} -> next={2} status={3}")
    @CsvSource({
        // a step that succeeds leads to the next one in order
        "PREFLIGHT,   true,  UPLOAD,      ",
        "UPLOAD,      true,  STAGE,       ",
        "STAGE,       true,  INVENTORY,   ",
        "INVENTORY,   true,  BACKUP,      ",
        "BACKUP,      true,  STOP,        ",
        "STOP,        true,  SWAP,        ",
        "SWAP,        true,  START,       ",
        "START,       true,  HEALTH_GATE, ",
        "HEALTH_GATE, true,  VERIFY,      ",
        "VERIFY,      true,  ,            MIGRATED",
        // before the stop nothing changed on the host: report, no undo
        "PREFLIGHT,   false, ,            FAILED",
        "UPLOAD,      false, ,            FAILED",
        "STAGE,       false, ,            FAILED",
        "INVENTORY,   false, ,            FAILED",
        "BACKUP,      false, ,            FAILED",
        // QuestDB may be down, or new binaries in place but not proven: the old version must serve again
        "STOP,        false, ROLLBACK,    ",
        "SWAP,        false, ROLLBACK,    ",
        "START,       false, ROLLBACK,    ",
        "HEALTH_GATE, false, ROLLBACK,    ",
        // the new version served and the data differs: never swap binaries under it
        "VERIFY,      false, ,            FAILED",
        "ROLLBACK,    true,  ,            ROLLED_BACK",
        "ROLLBACK,    false, ,            FAILED",
    })
    void decidesWhatComesNext(Step finished, boolean ok, Step next, HostStatus status) {
        HostWorkflow.Decision decision = HostWorkflow.afterStep(finished, ok);
        assertEquals(next, decision.next());
        assertEquals(status, decision.status());
        assertEquals(status != null, decision.finished());
    }

    @ParameterizedTest
    @CsvSource({"VERIFY, false", "HEALTH_GATE, false", "STOP, false", "STAGE, false"})
    void everyFailureSaysWhatStateTheHostIsIn(Step finished, boolean ok) {
        HostWorkflow.Decision decision = HostWorkflow.afterStep(finished, ok);
        assertTrue(decision.finished() || decision.next() == Step.ROLLBACK);
        assertFalse(decision.finished() && decision.note().isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"START, true", "HEALTH_GATE, false", "PREFLIGHT, false"})
    void onlyStartIsThePointOfNoReturn(Step step, boolean expected) {
        assertEquals(expected, step.pointOfNoReturn());
    }
}
