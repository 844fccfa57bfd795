package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.client.StepRequest;
import org.junit.jupiter.api.Test;

/** What finalize removes per host, and which hosts it refuses (named) or skips (not named). */
class RetentionTest {
    private static final String SHA = "ab".repeat(32);
    private static final String ARCHIVE = "/b/root-x.tar.zst";

    @Test
    void aMigratedHostGivesUpItsPreviousBinariesBackupAndUpload() {
        Retention.Decision decision = Retention.decide("r1", HostRuns.through(Step.VERIFY, ARCHIVE), false, SHA);
        assertEquals(new StepRequest.Finalize("r1.db-1.swap", "r1.db-1.backup", SHA, "", ""), decision.request());
        assertEquals(new StepRequest.Finalize("r1.db-1.swap", "", "", "", ""),
                Retention.decide("r1", HostRuns.through(Step.VERIFY, ""), false, null).request(), "no backup, no upload known");
    }

    @Test
    void aRolledBackHostKeepsEverythingUnlessNamed() {
        HostRun rolledBack = HostRuns.through(Step.HEALTH_GATE, ARCHIVE).stepStarted(Step.VERIFY).stepFinished(Step.VERIFY, false, "x", "", -1, false)
                .stepStarted(Step.ROLLBACK_FROM_BACKUP).stepFinished(Step.ROLLBACK_FROM_BACKUP, true, "", "8.1.4", 1, false);
        Retention.Decision skipped = Retention.decide("r1", rolledBack, false, SHA);
        assertNull(skipped.request());
        assertNull(skipped.refusal());
        assertTrue(skipped.skip().startsWith("rolled back: keeps its backup"), skipped.skip());
        assertEquals(new StepRequest.Finalize("r1.db-1.swap", "r1.db-1.backup", SHA, "r1.db-1.rollback-revert", "r1.db-1.rollback-restore"),
                Retention.decide("r1", rolledBack, true, SHA).request());
    }

    @Test
    void aFailedOrUnfinishedHostIsRefusedWhenNamedAndSkippedOtherwise() {
        HostRun failed = HostRuns.through(Step.HEALTH_GATE, "").stepStarted(Step.VERIFY).stepFinished(Step.VERIFY, false, "x", "", -1, false);
        Retention.Decision named = Retention.decide("r1", failed, true, SHA);
        assertNull(named.request());
        assertTrue(named.refusal().startsWith("failed: what the run kept may be its way back"), named.refusal());
        assertTrue(Retention.decide("r1", failed, false, SHA).skip().startsWith("failed"));
        assertTrue(Retention.decide("r1", HostRuns.through(Step.SWAP, ARCHIVE), true, SHA).refusal().startsWith("not finished"));
        assertEquals("not part of run r1", Retention.decide("r1", null, true, SHA).refusal());
    }

    @Test
    void aHostAlreadyOnTheTargetKeptNothing() {
        HostRun onTarget = HostRun.begin("db-1", "9.2.2").stepStarted(Step.PREFLIGHT)
                .stepFinished(Step.PREFLIGHT, true, "running", "9.2.2", -1, false);
        assertTrue(Retention.decide("r1", onTarget, false, SHA).skip().startsWith("nothing kept"));
    }
}
