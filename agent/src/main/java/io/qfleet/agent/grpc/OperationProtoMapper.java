package io.qfleet.agent.grpc;

import com.google.protobuf.Timestamp;
import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.Failure;
import io.qfleet.agent.operation.OperationEvent;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSnapshot;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationState;
import io.qfleet.proto.agent.v1.BackupResult;
import io.qfleet.proto.agent.v1.BackupSpec;
import io.qfleet.proto.agent.v1.HealthGateResult;
import io.qfleet.proto.agent.v1.HealthGateSpec;
import io.qfleet.proto.agent.v1.InventoryResult;
import io.qfleet.proto.agent.v1.InventorySpec;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.RestoreResult;
import io.qfleet.proto.agent.v1.RestoreSpec;
import io.qfleet.proto.agent.v1.RevertSwapResult;
import io.qfleet.proto.agent.v1.RevertSwapSpec;
import io.qfleet.proto.agent.v1.StageResult;
import io.qfleet.proto.agent.v1.StageSpec;
import io.qfleet.proto.agent.v1.StartResult;
import io.qfleet.proto.agent.v1.StartSpec;
import io.qfleet.proto.agent.v1.StopResult;
import io.qfleet.proto.agent.v1.StopSpec;
import io.qfleet.proto.agent.v1.SwapResult;
import io.qfleet.proto.agent.v1.SwapSpec;
import io.qfleet.proto.agent.v1.TableInventory;
import io.qfleet.proto.agent.v1.VerifyBackupResult;
import io.qfleet.proto.agent.v1.VerifyBackupSpec;
import io.qfleet.proto.agent.v1.VerifyResult;
import io.qfleet.proto.agent.v1.VerifySpec;
import java.time.Instant;

/** Operations between the wire (qfleet.agent.v1) and the agent's domain records. */
final class OperationProtoMapper {
    private OperationProtoMapper() {}

    static OperationSpec fromProto(io.qfleet.proto.agent.v1.OperationSpec spec) {
        return switch (spec.getKindCase()) {
            case STAGE -> new OperationSpec.Stage(spec.getStage().getSha256(), spec.getStage().getExpectedVersion(),
                    spec.getStage().getRequireEnterprise());
            case INVENTORY -> new OperationSpec.Inventory(spec.getInventory().getWalApplyTimeoutSeconds());
            case STOP -> new OperationSpec.Stop(spec.getStop().getTimeoutSeconds());
            case SWAP -> new OperationSpec.Swap(spec.getSwap().getStageOperationId(), spec.getSwap().getTlsOperationId(),
                    spec.getSwap().getOverrideBuiltinAdmin());
            case START -> new OperationSpec.Start();
            case HEALTH_GATE -> new OperationSpec.HealthGate(
                    spec.getHealthGate().getExpectedVersion(), spec.getHealthGate().getTimeoutSeconds());
            case VERIFY -> new OperationSpec.Verify(
                    spec.getVerify().getInventoryOperationId(), spec.getVerify().getWalApplyTimeoutSeconds());
            case REVERT_SWAP -> new OperationSpec.RevertSwap(
                    spec.getRevertSwap().getSwapOperationId(), spec.getRevertSwap().getStopTimeoutSeconds());
            case BACKUP -> new OperationSpec.Backup(
                    spec.getBackup().getCompression(), spec.getBackup().getLevel(), spec.getBackup().getWorkers());
            case VERIFY_BACKUP -> new OperationSpec.VerifyBackup(spec.getVerifyBackup().getArchivePath());
            case RESTORE -> new OperationSpec.Restore(
                    spec.getRestore().getArchivePath(), spec.getRestore().getTimeoutSeconds());
            case TLS -> EnterpriseProtoMapper.fromProto(spec.getTls());
            case ADMINS -> EnterpriseProtoMapper.fromProto(spec.getAdmins());
            case ACCESS -> AccessProtoMapper.fromProto(spec.getAccess());
            case REPLICATION -> ReplicationProtoMapper.fromProto(spec.getReplication());
            case FINALIZE -> RetentionProtoMapper.fromProto(spec.getFinalize());
            case KIND_NOT_SET -> throw AgentException.invalidArgument("missing_spec", "the operation spec names no step");
        };
    }

    static io.qfleet.proto.agent.v1.OperationSpec toProto(OperationSpec spec) {
        var builder = io.qfleet.proto.agent.v1.OperationSpec.newBuilder();
        if (spec instanceof OperationSpec.Stage s) {
            builder.setStage(StageSpec.newBuilder().setSha256(s.sha256()).setExpectedVersion(s.expectedVersion())
                    .setRequireEnterprise(s.requireEnterprise()));
        } else if (spec instanceof OperationSpec.Inventory s) {
            builder.setInventory(InventorySpec.newBuilder().setWalApplyTimeoutSeconds(s.walApplyTimeoutSeconds()));
        } else if (spec instanceof OperationSpec.Stop s) {
            builder.setStop(StopSpec.newBuilder().setTimeoutSeconds(s.timeoutSeconds()));
        } else if (spec instanceof OperationSpec.Swap s) {
            builder.setSwap(SwapSpec.newBuilder().setStageOperationId(s.stageOperationId())
                    .setTlsOperationId(s.tlsOperationId()).setOverrideBuiltinAdmin(s.overrideBuiltinAdmin()));
        } else if (spec instanceof OperationSpec.Start) {
            builder.setStart(StartSpec.getDefaultInstance());
        } else if (spec instanceof OperationSpec.HealthGate s) {
            builder.setHealthGate(HealthGateSpec.newBuilder()
                    .setExpectedVersion(s.expectedVersion()).setTimeoutSeconds(s.timeoutSeconds()));
        } else if (spec instanceof OperationSpec.Verify s) {
            builder.setVerify(VerifySpec.newBuilder()
                    .setInventoryOperationId(s.inventoryOperationId()).setWalApplyTimeoutSeconds(s.walApplyTimeoutSeconds()));
        } else if (spec instanceof OperationSpec.RevertSwap s) {
            builder.setRevertSwap(RevertSwapSpec.newBuilder()
                    .setSwapOperationId(s.swapOperationId()).setStopTimeoutSeconds(s.stopTimeoutSeconds()));
        } else if (spec instanceof OperationSpec.Backup s) {
            builder.setBackup(BackupSpec.newBuilder()
                    .setCompression(s.compression()).setLevel(s.level()).setWorkers(s.workers()));
        } else if (spec instanceof OperationSpec.VerifyBackup s) {
            builder.setVerifyBackup(VerifyBackupSpec.newBuilder().setArchivePath(s.archivePath()));
        } else if (spec instanceof OperationSpec.Restore s) {
            builder.setRestore(RestoreSpec.newBuilder()
                    .setArchivePath(s.archivePath()).setTimeoutSeconds(s.timeoutSeconds()));
        } else if (spec instanceof OperationSpec.Tls s) {
            builder.setTls(EnterpriseProtoMapper.toProto(s));
        } else if (spec instanceof OperationSpec.Admins s) {
            builder.setAdmins(EnterpriseProtoMapper.toProto(s));
        } else if (spec instanceof OperationSpec.Access s) {
            builder.setAccess(AccessProtoMapper.toProto(s));
        } else if (spec instanceof OperationSpec.Replication s) {
            builder.setReplication(ReplicationProtoMapper.toProto(s));
        } else if (spec instanceof OperationSpec.Finalize s) {
            builder.setFinalize(RetentionProtoMapper.toProto(s));
        }
        return builder.build();
    }

    static Operation toProto(OperationSnapshot snapshot) {
        Operation.Builder builder = Operation.newBuilder()
                .setOperationId(snapshot.id())
                .setSpec(toProto(snapshot.spec()))
                .setState(toProto(snapshot.state()))
                .setCreatedAt(timestamp(snapshot.createdAt()))
                .setLastSequence(snapshot.lastSequence());
        if (snapshot.endedAt() != null) {
            builder.setEndedAt(timestamp(snapshot.endedAt()));
        }
        Failure failure = snapshot.failure();
        if (failure != null) {
            builder.setFailure(io.qfleet.proto.agent.v1.Failure.newBuilder()
                    .setReason(failure.reason()).setMessage(failure.message()).setRetryable(failure.retryable()));
        }
        if (snapshot.result() != null) {
            builder.setResult(toProto(snapshot.result()));
        }
        return builder.build();
    }

    static io.qfleet.proto.agent.v1.OperationEvent toProto(OperationEvent event) {
        return io.qfleet.proto.agent.v1.OperationEvent.newBuilder()
                .setSequence(event.sequence())
                .setTime(timestamp(event.time()))
                .setState(toProto(event.state()))
                .setMessage(event.message())
                .setDone(event.done())
                .setTotal(event.total())
                .setUnit(event.unit())
                .build();
    }

    static io.qfleet.proto.agent.v1.OperationState toProto(OperationState state) {
        return switch (state) {
            case PENDING -> io.qfleet.proto.agent.v1.OperationState.OPERATION_STATE_PENDING;
            case RUNNING -> io.qfleet.proto.agent.v1.OperationState.OPERATION_STATE_RUNNING;
            case SUCCEEDED -> io.qfleet.proto.agent.v1.OperationState.OPERATION_STATE_SUCCEEDED;
            case FAILED -> io.qfleet.proto.agent.v1.OperationState.OPERATION_STATE_FAILED;
            case CANCELLED -> io.qfleet.proto.agent.v1.OperationState.OPERATION_STATE_CANCELLED;
        };
    }

    static io.qfleet.proto.agent.v1.OperationResult toProto(OperationResult result) {
        var builder = io.qfleet.proto.agent.v1.OperationResult.newBuilder();
        if (result instanceof OperationResult.Staged r) {
            builder.setStage(StageResult.newBuilder()
                    .setStagedDir(r.stagedDir())
                    .setDistribution(HostProtoMapper.distribution(r.layout(), r.version(), r.edition(), r.main()))
                    .setUnpackedBytes(r.unpackedBytes())
                    .setEntries(r.entries()));
        } else if (result instanceof OperationResult.Inventoried r) {
            InventoryResult.Builder inventory = InventoryResult.newBuilder()
                    .setQuestdbVersion(r.questdbVersion()).setTotalRows(r.totalRows());
            r.tables().forEach(t -> inventory.addTables(
                    TableInventory.newBuilder().setName(t.name()).setWal(t.wal()).setRows(t.rows())));
            builder.setInventory(inventory);
        } else if (result instanceof OperationResult.Stopped r) {
            builder.setStop(StopResult.newBuilder()
                    .setWasRunning(r.wasRunning())
                    .setExitCode(r.exitCode() == null ? -1 : r.exitCode())
                    .setStopMillis(r.stopMillis()));
        } else if (result instanceof OperationResult.Swapped r) {
            builder.setSwap(SwapResult.newBuilder()
                    .setInstallDir(r.installDir()).setPreviousInstallDir(r.previousInstallDir())
                    .setServerConfChanges(r.confChanges()).setPreviousServerConf(r.previousConf()));
        } else if (result instanceof OperationResult.Started r) {
            builder.setStart(StartResult.newBuilder().setPid(r.pid()).setWasRunning(r.wasRunning()));
        } else if (result instanceof OperationResult.Healthy r) {
            builder.setHealthGate(HealthGateResult.newBuilder()
                    .setQuestdbVersion(r.questdbVersion())
                    .setEdition(HostProtoMapper.toProto(r.edition()))
                    .setReadyMillis(r.readyMillis()));
        } else if (result instanceof OperationResult.Verified r) {
            builder.setVerify(VerifyResult.newBuilder().setTables(r.tables()).setTotalRows(r.totalRows()));
        } else if (result instanceof OperationResult.Reverted r) {
            builder.setRevertSwap(RevertSwapResult.newBuilder().setInstallDir(r.installDir()).setRevertedDir(r.revertedDir()));
        } else if (result instanceof OperationResult.BackedUp r) {
            builder.setBackup(BackupResult.newBuilder()
                    .setArchivePath(r.archivePath())
                    .setManifestPath(r.manifestPath())
                    .setArchiveBytes(r.archiveBytes())
                    .setSourceBytes(r.sourceBytes())
                    .setFiles(r.files())
                    .setCheckpointHeldMillis(r.checkpointHeldMillis())
                    .setReadBackMillis(r.readBackMillis())
                    .setQuestdbVersion(r.questdbVersion())
                    .setMode(r.mode()));
        } else if (result instanceof OperationResult.BackupVerified r) {
            builder.setVerifyBackup(VerifyBackupResult.newBuilder().setFiles(r.files()).setBytes(r.bytes())
                    .setArchiveSha256(r.archiveSha256()).setManifestSha256(r.manifestSha256()));
        } else if (result instanceof OperationResult.Restored r) {
            builder.setRestore(RestoreResult.newBuilder()
                    .setPreviousRoot(r.previousRoot()).setTotalRows(r.totalRows()).setQuestdbVersion(r.questdbVersion()));
        } else if (result instanceof OperationResult.TlsDone r) {
            builder.setTls(EnterpriseProtoMapper.toProto(r));
        } else if (result instanceof OperationResult.AdminsDone r) {
            builder.setAdmins(EnterpriseProtoMapper.toProto(r));
        } else if (result instanceof OperationResult.AccessDone r) {
            builder.setAccess(AccessProtoMapper.toProto(r));
        } else if (result instanceof OperationResult.ReplicationDone r) {
            builder.setReplication(ReplicationProtoMapper.toProto(r));
        } else if (result instanceof OperationResult.Finalized r) {
            builder.setFinalize(RetentionProtoMapper.toProto(r));
        }
        return builder.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
