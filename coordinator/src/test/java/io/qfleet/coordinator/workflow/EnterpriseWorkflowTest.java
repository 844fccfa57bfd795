package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.fleet.Role;
import io.qfleet.coordinator.journal.JournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Enterprise steps in the pure workflow: where they sit, what a failure means, and resume. */
class EnterpriseWorkflowTest {
    @Test
    void tlsIsCheckedBeforeAnythingStopsAndTheEnterpriseStepsFollowVerify() {
        assertEquals(List.of(Step.PREFLIGHT, Step.UPLOAD, Step.STAGE, Step.TLS_CHECK, Step.INVENTORY, Step.BACKUP, Step.STOP, Step.SWAP,
                Step.START, Step.HEALTH_GATE, Step.VERIFY, Step.TLS, Step.ADMINS), HostWorkflow.forward(true, true));
        assertEquals(HostWorkflow.FORWARD, HostWorkflow.forward(false, false), "an Open Source upgrade is unchanged");
        assertEquals(List.of(Step.VERIFY, Step.ADMINS), HostWorkflow.forward(false, true).subList(9, 11));
    }

    @Test
    void decisions() {
        List<Step> path = HostWorkflow.forward(true, true);
        assertEquals(Step.TLS_CHECK, HostWorkflow.afterStep(path, Step.STAGE, true, true).next());
        assertEquals(Step.INVENTORY, HostWorkflow.afterStep(path, Step.TLS_CHECK, true, true).next());
        assertEquals(Step.TLS, HostWorkflow.afterStep(path, Step.VERIFY, true, true).next());
        assertEquals(HostStatus.MIGRATED, HostWorkflow.afterStep(path, Step.ADMINS, true, true).status());
        HostWorkflow.Decision badMaterial = HostWorkflow.afterStep(path, Step.TLS_CHECK, false, true);
        assertEquals(HostStatus.FAILED, badMaterial.status());
        assertEquals("host unchanged", badMaterial.note());
        HostWorkflow.Decision handshake = HostWorkflow.afterStep(path, Step.TLS, false, true);
        assertEquals(HostStatus.FAILED, handshake.status());
        assertTrue(handshake.note().startsWith("after the point of no return"), handshake.note());
        assertEquals(HostStatus.FAILED, HostWorkflow.afterStep(path, Step.ADMINS, false, true).status());
    }

    @Test
    void aHostRunsItsPathAndTheTlsCheckRunsWide() {
        List<Step> path = HostWorkflow.forward(true, true);
        HostRun run = HostRun.begin("db-1", "3.1.1", path);
        for (Step step : path.subList(0, 3)) {
            run = run.stepStarted(step).stepFinished(step, true, "", step == Step.PREFLIGHT ? "9.2.2" : "", -1, false);
        }
        assertEquals(Step.TLS_CHECK, run.current());
        assertTrue(run.staging(), "no QuestDB file changes in it: it runs with staging, wide");
    }

    @Test
    void resumeReplaysThePathTheJournalRecorded() {
        List<Step> path = HostWorkflow.forward(true, false);
        List<JournalEntry> journal = new ArrayList<>();
        Instant t = Instant.EPOCH;
        journal.add(new JournalEntry.RunStarted(t, "r1", "/f.yaml", "ab", "3.1.1", List.of("db-1"), List.of(List.of("db-1")),
                path.stream().map(Step::name).toList()));
        for (Step step : path.subList(0, path.indexOf(Step.VERIFY) + 1)) {
            journal.add(new JournalEntry.StepStarted(t, "db-1", step.name()));
            journal.add(new JournalEntry.StepFinished(t, "db-1", step.name(), true, "", step == Step.PREFLIGHT ? "9.2.2" : "", -1, false));
        }
        HostRun run = RunReplay.replay(journal, "3.1.1").get("db-1");
        assertEquals(Step.TLS, run.current(), "not migrated yet: TLS is still to run");
    }

    @Test
    void aPrimaryChecksItsStoreBeforeAnyUploadAndBothRolesEndWithReplication() {
        List<Step> primary = HostWorkflow.forward(false, true, Role.PRIMARY);
        assertEquals(List.of(Step.PREFLIGHT, Step.REPLICATION_CHECK, Step.UPLOAD), primary.subList(0, 3));
        assertEquals(List.of(Step.ADMINS, Step.REPLICATION), primary.subList(primary.size() - 2, primary.size()));
        List<Step> replica = HostWorkflow.forward(false, false, Role.REPLICA);
        assertEquals(Step.UPLOAD, replica.get(1), "a replica has no store to claim");
        assertEquals(Step.REPLICATION, replica.get(replica.size() - 1));
        assertEquals(HostWorkflow.FORWARD, HostWorkflow.forward(false, false, Role.STANDALONE));
        assertEquals(HostWorkflow.FORWARD, HostWorkflow.forward(false, false, null));
    }

    @Test
    void aRefusedStoreLeavesTheHostUnchangedAndAFailedReplicationIsAfterThePointOfNoReturn() {
        List<Step> path = HostWorkflow.forward(false, false, Role.PRIMARY);
        HostWorkflow.Decision refused = HostWorkflow.afterStep(path, Step.REPLICATION_CHECK, false, true);
        assertEquals(HostStatus.FAILED, refused.status());
        assertEquals("host unchanged", refused.note());
        assertEquals(Step.UPLOAD, HostWorkflow.afterStep(path, Step.REPLICATION_CHECK, true, true).next());
        assertEquals(Step.REPLICATION, HostWorkflow.afterStep(path, Step.VERIFY, true, true).next());
        assertEquals(HostStatus.MIGRATED, HostWorkflow.afterStep(path, Step.REPLICATION, true, true).status());
        HostWorkflow.Decision failed = HostWorkflow.afterStep(path, Step.REPLICATION, false, true);
        assertEquals(HostStatus.FAILED, failed.status());
        assertTrue(failed.note().startsWith("after the point of no return") && failed.note().contains("replication"), failed.note());
        HostRun run = HostRun.begin("db-1", "3.1.1", path);
        run = run.stepStarted(Step.PREFLIGHT).stepFinished(Step.PREFLIGHT, true, "", "9.2.2", -1, false);
        assertTrue(run.staging(), "the store check runs wide, with staging");
    }

    @Test
    void resumeGivesEachHostItsOwnPath() {
        List<Step> primary = HostWorkflow.forward(false, false, Role.PRIMARY);
        List<Step> replica = HostWorkflow.forward(false, false, Role.REPLICA);
        Instant t = Instant.EPOCH;
        List<JournalEntry> journal = new ArrayList<>();
        journal.add(new JournalEntry.RunStarted(t, "r1", "/f.yaml", "ab", "3.1.1", List.of("p", "r"), List.of(List.of("p"), List.of("r")),
                primary.stream().map(Step::name).toList()));
        for (String host : List.of("p", "r")) {
            journal.add(new JournalEntry.StepStarted(t, host, Step.PREFLIGHT.name()));
            journal.add(new JournalEntry.StepFinished(t, host, Step.PREFLIGHT.name(), true, "", "9.2.2", -1, false));
        }
        var runs = RunReplay.replay(journal, "3.1.1", host -> host.equals("p") ? primary : replica);
        assertEquals(Step.REPLICATION_CHECK, runs.get("p").current());
        assertEquals(Step.UPLOAD, runs.get("r").current());
    }
}
