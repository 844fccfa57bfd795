package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.fleet.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

    /** The agent undoes a failed TLS, admins or replication step itself, or says it could not: the note claims neither. */
    @Test
    void aFailedSettingStepSaysWhereToLookNotThatQuestDbRuns() {
        HostWorkflow.Decision decision = HostWorkflow.afterStep(HostWorkflow.forward(true, true), Step.TLS, false, true);
        assertEquals("after the point of no return: the new version served with its data verified before the tls step, which did "
                + "not complete; its message and the agent's events say whether server.conf was put back; fix the cause, then qfleet "
                + "resume --retry-failed runs it again", decision.note());
    }

    @Test
    void aFailedVerifyWithoutABackupSaysSo() {
        HostWorkflow.Decision decision = HostWorkflow.afterStep(Step.VERIFY, false, false);
        assertTrue(decision.note().contains("no backup (--skip-backup)"), decision.note());
    }

    /**
     * A host already on the target: which steps of its forward path it still goes through, given the
     * Enterprise steps whose settings its server.conf lacks. Never a stop, swap or backup.
     */
    @ParameterizedTest(name = "tls={0} admins={1} role={2} missing={3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        "true  | true  | STANDALONE | TLS                    | PREFLIGHT TLS_CHECK TLS",
        "true  | true  | STANDALONE | ADMINS                 | PREFLIGHT ADMINS",
        "true  | true  | STANDALONE | TLS ADMINS             | PREFLIGHT TLS_CHECK TLS ADMINS",
        "true  | true  | STANDALONE |                        | ",
        "false | false | PRIMARY    | REPLICATION            | PREFLIGHT REPLICATION_CHECK REPLICATION",
        "true  | true  | PRIMARY    | TLS REPLICATION        | PREFLIGHT REPLICATION_CHECK TLS_CHECK TLS REPLICATION",
        "false | true  | REPLICA    | REPLICATION            | PREFLIGHT REPLICATION",
        "false | true  | REPLICA    | ADMINS REPLICATION     | PREFLIGHT ADMINS REPLICATION",
        // only Enterprise steps count as missing: anything else alone means nothing to do
        "true  | true  | STANDALONE | SWAP                   | ",
    })
    void aHostOnTheTargetFinishesOnlyWhatItLacks(boolean tls, boolean admins, Role role, String missing, String expected) {
        List<Step> finishing = HostWorkflow.finishing(HostWorkflow.forward(tls, admins, role), steps(missing));
        assertEquals(expected == null ? List.of() : Arrays.stream(expected.trim().split(" +")).map(Step::valueOf).toList(), finishing);
        assertFalse(finishing.stream().anyMatch(s -> s == Step.STOP || s == Step.SWAP || s == Step.BACKUP || s == Step.UPLOAD));
    }

    private static Set<Step> steps(String names) {
        return names == null ? Set.of() : Arrays.stream(names.trim().split(" +")).map(Step::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Step.class)));
    }

    @ParameterizedTest
    @CsvSource({"START, true", "HEALTH_GATE, false", "PREFLIGHT, false"})
    void onlyStartIsThePointOfNoReturn(Step step, boolean expected) {
        assertEquals(expected, step.pointOfNoReturn());
    }
}
