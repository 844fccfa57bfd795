package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostWorkflowTest {

    @ParameterizedTest(name = "{0} ok={1} backup={2} -> next={3} status={4}")
    @CsvSource({
        // a step that succeeds leads to the next one in order
        "PREFLIGHT,   true,  true,  UPLOAD,      ",
        "UPLOAD,      true,  true,  STAGE,       ",
        "STAGE,       true,  true,  INVENTORY,   ",
        "INVENTORY,   true,  true,  BACKUP,      ",
        "BACKUP,      true,  true,  STOP,        ",
        "BACKUP,      true,  false, STOP,        ",
        "STOP,        true,  true,  SWAP,        ",
        "SWAP,        true,  true,  START,       ",
        "START,       true,  true,  HEALTH_GATE, ",
        "HEALTH_GATE, true,  true,  VERIFY,      ",
        "VERIFY,      true,  true,  ,            MIGRATED",
        "VERIFY,      true,  false, ,            MIGRATED",
        // before the stop nothing changed on the host: report, no undo
        "PREFLIGHT,   false, false, ,            FAILED",
        "UPLOAD,      false, false, ,            FAILED",
        "STAGE,       false, false, ,            FAILED",
        "INVENTORY,   false, false, ,            FAILED",
        "BACKUP,      false, false, ,            FAILED",
        // QuestDB may be down, or new binaries in place that never ran: the old version must serve again
        "STOP,        false, true,  ROLLBACK,    ",
        "SWAP,        false, true,  ROLLBACK,    ",
        "STOP,        false, false, ROLLBACK,    ",
        "SWAP,        false, false, ROLLBACK,    ",
        // the new binaries ran on the data: the way back is the backup
        "START,       false, true,  ROLLBACK_FROM_BACKUP, ",
        "HEALTH_GATE, false, true,  ROLLBACK_FROM_BACKUP, ",
        "VERIFY,      false, true,  ROLLBACK_FROM_BACKUP, ",
        // without a backup: the old binaries are all there is, and nothing after the new version served
        "START,       false, false, ROLLBACK,    ",
        "HEALTH_GATE, false, false, ROLLBACK,    ",
        "VERIFY,      false, false, ,            FAILED",
        "ROLLBACK,    true,  true,  ,            ROLLED_BACK",
        "ROLLBACK,    false, true,  ,            FAILED",
        "ROLLBACK_FROM_BACKUP, true,  true, , ROLLED_BACK",
        "ROLLBACK_FROM_BACKUP, false, true, , FAILED",
        // after verify the data is proven: a failed setting is reported, never rolled back
        "TLS,         false, true,  ,            FAILED",
        "ADMINS,      false, true,  ,            FAILED",
    })
    void decidesWhatComesNext(Step finished, boolean ok, boolean backedUp, Step next, HostStatus status) {
        List<Step> path = finished == Step.TLS || finished == Step.ADMINS ? HostWorkflow.forward(true, true) : HostWorkflow.FORWARD;
        HostWorkflow.Decision decision = HostWorkflow.afterStep(path, finished, ok, backedUp);
        assertEquals(next, decision.next());
        assertEquals(status, decision.status());
        assertEquals(status != null, decision.finished());
    }

    @ParameterizedTest
    @CsvSource({"VERIFY, false", "HEALTH_GATE, false", "STOP, false", "STAGE, false"})
    void everyFailureSaysWhatStateTheHostIsIn(Step finished, boolean backedUp) {
        HostWorkflow.Decision decision = HostWorkflow.afterStep(finished, false, backedUp);
        assertTrue(decision.finished() || decision.next().rollback());
        assertFalse(decision.finished() && decision.note().isEmpty());
    }

    @Test
    void aFailedVerifyWithoutABackupSaysSo() {
        HostWorkflow.Decision decision = HostWorkflow.afterStep(Step.VERIFY, false, false);
        assertTrue(decision.note().contains("no backup (--skip-backup)"), decision.note());
    }

    @ParameterizedTest
    @CsvSource({"START, true", "HEALTH_GATE, false", "PREFLIGHT, false"})
    void onlyStartIsThePointOfNoReturn(Step step, boolean expected) {
        assertEquals(expected, step.pointOfNoReturn());
    }
}
