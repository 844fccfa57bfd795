package io.qfleet.agent.step;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.backup.Compression;
import io.qfleet.agent.install.UploadStore;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import java.util.function.Function;

/** Maps each operation spec to the work that carries it out on this host. */
public final class StepFactory implements Function<OperationSpec, OperationWork> {
    private final QuestDbHost host;
    private final UploadStore uploads;

    public StepFactory(QuestDbHost host, UploadStore uploads) {
        this.host = requireNonNull(host, "host");
        this.uploads = requireNonNull(uploads, "uploads");
    }

    @Override
    public OperationWork apply(OperationSpec spec) {
        if (spec instanceof OperationSpec.Stage s) {
            requireText(s.sha256(), "stage.sha256");
            return new StageStep(host, uploads, s);
        } else if (spec instanceof OperationSpec.Inventory s) {
            return new InventoryStep(host, s);
        } else if (spec instanceof OperationSpec.Stop s) {
            return new StopStep(host, s);
        } else if (spec instanceof OperationSpec.Swap s) {
            requireText(s.stageOperationId(), "swap.stage_operation_id");
            return new SwapStep(host, s);
        } else if (spec instanceof OperationSpec.Start) {
            return new StartStep(host);
        } else if (spec instanceof OperationSpec.HealthGate s) {
            return new HealthGateStep(host, s);
        } else if (spec instanceof OperationSpec.Verify s) {
            requireText(s.inventoryOperationId(), "verify.inventory_operation_id");
            return new VerifyStep(host, s);
        } else if (spec instanceof OperationSpec.RevertSwap s) {
            requireText(s.swapOperationId(), "revert_swap.swap_operation_id");
            return new RevertSwapStep(host, s);
        } else if (spec instanceof OperationSpec.Backup s) {
            Compression compression = Compression.parse(s.compression()); // a bad spec is refused before it is stored
            compression.level(s.level());
            Compression.workers(s.workers());
            return new BackupStep(host, s);
        } else if (spec instanceof OperationSpec.VerifyBackup s) {
            host.backups().requireArchive(s.archivePath());
            return new VerifyBackupStep(host, s);
        } else if (spec instanceof OperationSpec.Restore s) {
            host.backups().requireArchive(s.archivePath());
            return new RestoreStep(host, s);
        } else if (spec instanceof OperationSpec.Tls s) {
            TlsStep.validate(s);
            return new TlsStep(host, s);
        } else if (spec instanceof OperationSpec.Admins s) {
            AdminsStep.validate(s);
            return new AdminsStep(new QuestDbAclHost(host), s);
        } else if (spec instanceof OperationSpec.Access s) {
            AccessStep.validate(s);
            return new AccessStep(new QuestDbAclHost(host), s);
        } else if (spec instanceof OperationSpec.Replication s) {
            ReplicationStep.validate(s);
            return new ReplicationStep(host, new ReplicaSeed(host, uploads), s);
        } else if (spec instanceof OperationSpec.Finalize s) {
            FinalizeStep.validate(s, uploads);
            return new FinalizeStep(host, uploads, s);
        }
        throw AgentException.invalidArgument("unknown_step", "unknown operation kind " + spec.kind());
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw AgentException.invalidArgument("missing_field", field + " is required");
        }
    }
}
