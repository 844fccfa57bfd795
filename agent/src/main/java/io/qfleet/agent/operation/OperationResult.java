package io.qfleet.agent.operation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.qfleet.agent.questdb.Edition;
import java.util.List;

/** What a succeeded operation produced; stored with it so later operations and callers can read it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OperationResult.Staged.class, name = "stage"),
    @JsonSubTypes.Type(value = OperationResult.Inventoried.class, name = "inventory"),
    @JsonSubTypes.Type(value = OperationResult.Stopped.class, name = "stop"),
    @JsonSubTypes.Type(value = OperationResult.Swapped.class, name = "swap"),
    @JsonSubTypes.Type(value = OperationResult.Started.class, name = "start"),
    @JsonSubTypes.Type(value = OperationResult.Healthy.class, name = "health_gate"),
    @JsonSubTypes.Type(value = OperationResult.Verified.class, name = "verify"),
    @JsonSubTypes.Type(value = OperationResult.Reverted.class, name = "revert_swap"),
    @JsonSubTypes.Type(value = OperationResult.BackedUp.class, name = "backup"),
    @JsonSubTypes.Type(value = OperationResult.BackupVerified.class, name = "verify_backup"),
    @JsonSubTypes.Type(value = OperationResult.Restored.class, name = "restore"),
    @JsonSubTypes.Type(value = OperationResult.TlsDone.class, name = "tls"),
    @JsonSubTypes.Type(value = OperationResult.AdminsDone.class, name = "admins"),
    @JsonSubTypes.Type(value = OperationResult.AccessDone.class, name = "access"),
    @JsonSubTypes.Type(value = OperationResult.ReplicationDone.class, name = "replication"),
    @JsonSubTypes.Type(value = OperationResult.Finalized.class, name = "finalize"),
})
public sealed interface OperationResult {

    record Staged(String stagedDir, String layout, String version, Edition edition, String main,
            long unpackedBytes, int entries) implements OperationResult {}

    record TableCount(String name, boolean wal, long rows) {}

    record Inventoried(String questdbVersion, List<TableCount> tables, long totalRows) implements OperationResult {
        public Inventoried {
            tables = List.copyOf(tables);
        }
    }

    record Stopped(boolean wasRunning, Integer exitCode, long stopMillis) implements OperationResult {}

    /**
     * @param confChanges what the swap changed in server.conf, keys only ("" when nothing)
     * @param previousConf the kept copy of server.conf ("" when not rewritten)
     */
    record Swapped(String installDir, String previousInstallDir, String stagedDir, String confChanges, String previousConf)
            implements OperationResult {
        public Swapped(String installDir, String previousInstallDir, String stagedDir) {
            this(installDir, previousInstallDir, stagedDir, "", "");
        }

        public Swapped {
            confChanges = confChanges == null ? "" : confChanges;
            previousConf = previousConf == null ? "" : previousConf;
        }
    }

    record Started(long pid, boolean wasRunning) implements OperationResult {}

    record Healthy(String questdbVersion, Edition edition, long readyMillis) implements OperationResult {}

    record Verified(int tables, long totalRows) implements OperationResult {}

    record Reverted(String installDir, String revertedDir) implements OperationResult {}

    /**
     * @param mode "checkpoint" or "snapshot"
     * @param readBackMillis the read-back of the archive against its manifest before it was renamed into place
     */
    record BackedUp(String archivePath, String manifestPath, long archiveBytes, long sourceBytes, int files,
            long checkpointHeldMillis, String questdbVersion, String mode, long readBackMillis) implements OperationResult {}

    /** @param archiveSha256 SHA-256 of the archive file and of its manifest file ("" when not read) */
    record BackupVerified(int files, long bytes, String archiveSha256, String manifestSha256) implements OperationResult {
        public BackupVerified(int files, long bytes) {
            this(files, bytes, "", "");
        }

        public BackupVerified {
            archiveSha256 = archiveSha256 == null ? "" : archiveSha256;
            manifestSha256 = manifestSha256 == null ? "" : manifestSha256;
        }
    }

    record Restored(String previousRoot, long totalRows, String questdbVersion) implements OperationResult {}

    /**
     * @param certPath installed files, "" in demo mode
     * @param perEndpoint whether the per-endpoint keys are to be set too
     */
    record TlsDone(String certPath, String keyPath, String leafSubject, String notAfter, List<String> warnings, String handshakes,
            boolean perEndpoint) implements OperationResult {
        public TlsDone {
            warnings = List.copyOf(warnings);
        }
    }

    record AdminsDone(List<String> accounts, boolean builtinAdminDisabled) implements OperationResult {
        public AdminsDone {
            accounts = List.copyOf(accounts);
        }
    }

    /** Names only; {@code loggedIn}: the users whose password a PG login proved. */
    record AccessDone(List<String> groups, List<String> users, List<String> serviceAccounts, List<String> loggedIn)
            implements OperationResult {
        public AccessDone {
            groups = List.copyOf(groups);
            users = List.copyOf(users);
            serviceAccounts = List.copyOf(serviceAccounts);
            loggedIn = List.copyOf(loggedIn);
        }
    }

    /** Step 11; see {@code ReplicationResult} in operation_spec.proto. */
    record ReplicationDone(String storeKind, String storeState, String role, String instanceId, List<String> nonWalTables,
            String previousDb) implements OperationResult {
        public ReplicationDone {
            nonWalTables = List.copyOf(nonWalTables);
        }
    }

    /** A path finalize removed and the bytes of the regular files that were under it. */
    record Removed(String path, long bytes) {}

    record Finalized(List<Removed> removed, long bytesFreed) implements OperationResult {
        public Finalized {
            removed = List.copyOf(removed);
        }
    }
}
