package io.qfleet.coordinator.client;

import io.qfleet.proto.agent.v1.AdminsSpec;
import io.qfleet.proto.agent.v1.HealthGateSpec;
import io.qfleet.proto.agent.v1.TlsSpec;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.InventorySpec;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationResult;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.RevertSwapSpec;
import io.qfleet.proto.agent.v1.StageSpec;
import io.qfleet.proto.agent.v1.StartSpec;
import io.qfleet.proto.agent.v1.StopSpec;
import io.qfleet.proto.agent.v1.SwapSpec;
import io.qfleet.proto.agent.v1.VerifySpec;
import java.util.Map;
import java.util.TreeMap;

/** Between the coordinator's client records and the wire. */
final class ClientProtoMapper {
    private ClientProtoMapper() {}

    static OperationSpec toProto(StepRequest request) {
        OperationSpec.Builder spec = OperationSpec.newBuilder();
        if (request instanceof StepRequest.Stage r) {
            spec.setStage(StageSpec.newBuilder().setSha256(r.sha256()).setExpectedVersion(r.expectedVersion())
                    .setRequireEnterprise(r.requireEnterprise()));
        } else if (request instanceof StepRequest.Inventory r) {
            spec.setInventory(InventorySpec.newBuilder().setWalApplyTimeoutSeconds(r.walApplyTimeoutSeconds()));
        } else if (request instanceof StepRequest.Stop r) {
            spec.setStop(StopSpec.newBuilder().setTimeoutSeconds(r.timeoutSeconds()));
        } else if (request instanceof StepRequest.Swap r) {
            spec.setSwap(SwapSpec.newBuilder().setStageOperationId(r.stageOperationId())
                    .setTlsOperationId(r.tlsOperationId()).setOverrideBuiltinAdmin(r.overrideBuiltinAdmin()));
        } else if (request instanceof StepRequest.Start) {
            spec.setStart(StartSpec.getDefaultInstance());
        } else if (request instanceof StepRequest.HealthGate r) {
            spec.setHealthGate(HealthGateSpec.newBuilder()
                    .setExpectedVersion(r.expectedVersion()).setTimeoutSeconds(r.timeoutSeconds()));
        } else if (request instanceof StepRequest.Verify r) {
            spec.setVerify(VerifySpec.newBuilder()
                    .setInventoryOperationId(r.inventoryOperationId()).setWalApplyTimeoutSeconds(r.walApplyTimeoutSeconds()));
        } else if (request instanceof StepRequest.Backup r) {
            spec.setBackup(io.qfleet.proto.agent.v1.BackupSpec.newBuilder()
                    .setCompression(r.compression()).setLevel(r.level()).setWorkers(r.workers()));
        } else if (request instanceof StepRequest.VerifyBackup r) {
            spec.setVerifyBackup(io.qfleet.proto.agent.v1.VerifyBackupSpec.newBuilder().setArchivePath(r.archivePath()));
        } else if (request instanceof StepRequest.Restore r) {
            spec.setRestore(io.qfleet.proto.agent.v1.RestoreSpec.newBuilder()
                    .setArchivePath(r.archivePath()).setTimeoutSeconds(r.timeoutSeconds()));
        } else if (request instanceof StepRequest.Tls r) {
            spec.setTls(TlsSpec.newBuilder().setPhase(TlsSpec.Phase.valueOf("PHASE_" + r.phase().name()))
                    .setCertPath(r.certPath()).setKeyPath(r.keyPath()).setHostAddress(r.hostAddress())
                    .setExpiryWindowDays(r.expiryWindowDays()).setPerEndpoint(r.perEndpoint()).setDemo(r.demo())
                    .setStopTimeoutSeconds(r.stopTimeoutSeconds()).setHealthTimeoutSeconds(r.healthTimeoutSeconds()));
        } else if (request instanceof StepRequest.Admins r) {
            AdminsSpec.Builder admins = AdminsSpec.newBuilder().setPhase(AdminsSpec.Phase.valueOf("PHASE_" + r.phase().name()))
                    .setStopTimeoutSeconds(r.stopTimeoutSeconds()).setHealthTimeoutSeconds(r.healthTimeoutSeconds());
            r.accounts().forEach(a -> admins.addAccounts(AdminsSpec.Account.newBuilder().setName(a.name()).setPassword(a.password())));
            spec.setAdmins(admins);
        } else if (request instanceof StepRequest.Access r) {
            spec.setAccess(AccessRequests.toProto(r.access()));
        } else if (request instanceof StepRequest.Replication r) {
            spec.setReplication(io.qfleet.proto.agent.v1.ReplicationSpec.newBuilder()
                    .setPhase(io.qfleet.proto.agent.v1.ReplicationSpec.Phase.valueOf("PHASE_" + r.phase().name()))
                    .setObjectStore(r.objectStore()).setCluster(r.cluster()).setInstanceId(r.instanceId())
                    .setClearFsStore(r.clearFsStore()).setArchiveSha256(r.archiveSha256()).setManifestSha256(r.manifestSha256())
                    .setStopTimeoutSeconds(r.stopTimeoutSeconds()).setHealthTimeoutSeconds(r.healthTimeoutSeconds()));
        } else if (request instanceof StepRequest.Finalize r) {
            spec.setFinalize(io.qfleet.proto.agent.v1.FinalizeSpec.newBuilder().setSwapOperationId(r.swapOperationId())
                    .setBackupOperationId(r.backupOperationId()).setUploadSha256(r.uploadSha256())
                    .setRevertOperationId(r.revertOperationId()).setRestoreOperationId(r.restoreOperationId()));
        } else if (request instanceof StepRequest.RevertSwap r) {
            spec.setRevertSwap(RevertSwapSpec.newBuilder()
                    .setSwapOperationId(r.swapOperationId()).setStopTimeoutSeconds(r.stopTimeoutSeconds()));
        }
        return spec.build();
    }

    static OperationOutcome outcome(Operation operation) {
        boolean succeeded = operation.getState() == OperationState.OPERATION_STATE_SUCCEEDED;
        OperationResult result = operation.getResult();
        long rows = -1;
        String version = "";
        String detail = "";
        String archive = "";
        long freed = 0;
        switch (result.getKindCase()) {
            case INVENTORY -> {
                rows = result.getInventory().getTotalRows();
                version = result.getInventory().getQuestdbVersion();
                detail = result.getInventory().getTablesCount() + " tables, " + rows + " rows";
            }
            case VERIFY -> {
                rows = result.getVerify().getTotalRows();
                detail = result.getVerify().getTables() + " tables, " + rows + " rows match";
            }
            case HEALTH_GATE -> {
                version = result.getHealthGate().getQuestdbVersion();
                detail = "QuestDB " + version + " healthy after " + result.getHealthGate().getReadyMillis() + " ms";
            }
            case STAGE -> detail = "staged QuestDB " + result.getStage().getDistribution().getVersion()
                    + " (" + result.getStage().getEntries() + " entries)";
            case STOP -> detail = result.getStop().getWasRunning()
                    ? "stopped in " + result.getStop().getStopMillis() + " ms" : "was not running";
            case SWAP -> detail = "previous binaries kept in " + result.getSwap().getPreviousInstallDir()
                    + (result.getSwap().getServerConfChanges().isEmpty() ? ""
                            : "; " + result.getSwap().getServerConfChanges() + " (previous file kept as "
                                    + result.getSwap().getPreviousServerConf() + ")");
            case TLS -> detail = result.getTls().getHandshakes().isEmpty()
                    ? "TLS material checked and installed (" + result.getTls().getLeafSubject() + ", valid until "
                            + result.getTls().getNotAfter() + ")" + (result.getTls().getWarningsCount() == 0 ? ""
                                    : "; warnings: " + String.join("; ", result.getTls().getWarningsList()))
                    : "TLS handshakes verified: " + result.getTls().getHandshakes();
            case ADMINS -> detail = result.getAdmins().getAccountsCount() == 0 ? "built-in admin overridden"
                    : "admin accounts " + String.join(", ", result.getAdmins().getAccountsList()) + " log in"
                            + (result.getAdmins().getBuiltinAdminDisabled() ? "; built-in admin disabled and refused" : "");
            case ACCESS -> detail = AccessRequests.detail(result.getAccess());
            case START -> detail = "pid " + result.getStart().getPid();
            case REVERT_SWAP -> detail = "previous binaries back in " + result.getRevertSwap().getInstallDir();
            case BACKUP -> {
                var backup = result.getBackup();
                version = backup.getQuestdbVersion();
                archive = backup.getArchivePath();
                detail = String.format("%s: %d files, %.1f MiB -> %.1f MiB, checkpoint held %.1fs", backup.getArchivePath(),
                        backup.getFiles(), backup.getSourceBytes() / 1048576.0, backup.getArchiveBytes() / 1048576.0,
                        backup.getCheckpointHeldMillis() / 1000.0);
            }
            case VERIFY_BACKUP -> detail = result.getVerifyBackup().getFiles() + " files, "
                    + result.getVerifyBackup().getBytes() + " bytes match the manifest";
            case REPLICATION -> detail = ReplicationDetail.of(result.getReplication());
            case RESTORE -> {
                rows = result.getRestore().getTotalRows();
                version = result.getRestore().getQuestdbVersion();
                detail = "QuestDB " + version + " serving the restored root, " + rows + " rows; the replaced root is in "
                        + result.getRestore().getPreviousRoot();
            }
            case FINALIZE -> {
                freed = result.getFinalize().getBytesFreed();
                detail = "removed " + result.getFinalize().getRemovedList().stream()
                        .map(io.qfleet.proto.agent.v1.FinalizeResult.Removed::getPath).toList() + ", " + freed + " bytes freed";
            }
            case KIND_NOT_SET -> { }
        }
        return new OperationOutcome(operation.getOperationId(), succeeded,
                operation.getFailure().getReason(), operation.getFailure().getMessage(), rows, version, detail, archive,
                result.getBackup().getArchiveBytes(), result.getVerifyBackup().getArchiveSha256(),
                result.getVerifyBackup().getManifestSha256(), freed);
    }

    static AgentFacts facts(HostFacts facts) {
        return new AgentFacts(
                facts.getHostname(),
                facts.getOsArch(),
                facts.getQuestdbRunning(),
                facts.getQuestdbPid(),
                facts.getQuestdbVersion(),
                switch (facts.getEdition()) {
                    case EDITION_OPEN_SOURCE -> "open source";
                    case EDITION_ENTERPRISE -> "enterprise";
                    default -> "";
                },
                facts.getInstalled().getVersion(),
                facts.getInstalled().getLayout(),
                facts.getDiskFreeBytes(),
                facts.getRootSizeBytes(),
                facts.getWalTablesHealthy(),
                facts.getSuspendedTablesList(),
                facts.getProblemsList(),
                facts.getEnterpriseStateList(),
                facts.getNonWalTablesList(),
                facts.getReplicationRole(),
                facts.getTlsEnabled(),
                facts.getBuiltinAdminDisabled(),
                // Unset from an agent that could not read the file (or predates the field): unknown.
                facts.hasServerConf() ? confFile(facts.getServerConf()) : null,
                facts.getAgentVersion(),
                facts.getQuestdbRoot(),
                facts.getRootsMap(),
                facts.hasRestoreTrigger() ? facts.getRestoreTrigger() : null, // null: an agent older than the fact
                facts.hasBackupDirFreeBytes() ? facts.getBackupDirFreeBytes() : null);
    }

    /** An agent older than the key fields sends installed_keys_read false: unknown, as one that could not read the jar. */
    private static AgentFacts.ConfFile confFile(io.qfleet.proto.agent.v1.ServerConfFile conf) {
        return new AgentFacts.ConfFile(conf.getExists(), conf.getSha256(), conf.getStrictValidation(),
                conf.getInstalledKeysRead() ? conf.getKeysInstalledKnowsList() : null);
    }

    static RootMarks rootMarks(io.qfleet.proto.agent.v1.MarkRootResponse response) {
        Map<String, String> markers = new TreeMap<>();
        response.getMarkersList().forEach(m -> markers.put(m.getHostName(), m.getMarkerId()));
        return new RootMarks(response.getRoot(), markers);
    }

    static io.qfleet.proto.agent.v1.PreviewServerConfRequest toProto(ServerConfPreview.Request request) {
        io.qfleet.proto.agent.v1.PreviewServerConfRequest.Builder proto = io.qfleet.proto.agent.v1.PreviewServerConfRequest.newBuilder()
                .setStepByStep(request.stepByStep()).setAdmins(request.admins());
        if (request.tls() != null) {
            proto.setTls(io.qfleet.proto.agent.v1.TlsPreview.newBuilder().setDemo(request.tls().demo())
                    .setPerEndpoint(request.tls().perEndpoint()));
        }
        if (request.replication() != null) {
            proto.setReplication(io.qfleet.proto.agent.v1.ReplicationPreview.newBuilder()
                    .setRole(request.replication().primary() ? io.qfleet.proto.agent.v1.ReplicationRole.REPLICATION_ROLE_PRIMARY
                            : io.qfleet.proto.agent.v1.ReplicationRole.REPLICATION_ROLE_REPLICA)
                    .setObjectStore(request.replication().objectStore()).setInstanceId(request.replication().instanceId()));
        }
        return proto.build();
    }

    static ServerConfPreview serverConfPreview(io.qfleet.proto.agent.v1.PreviewServerConfResponse response) {
        return new ServerConfPreview(response.getExists(), response.getSha256(), response.getDiff(), response.getWritersList().stream()
                .map(w -> w.getStep() + ": " + String.join(", ", w.getKeysList())).toList(), response.getNotesList());
    }
}
