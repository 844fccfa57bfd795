package io.qfleet.agent.operation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.qfleet.agent.secrets.SecretText;
import java.util.List;

/**
 * What an operation is asked to do: one record per workflow step. Equal specs under one id make
 * a repeated start idempotent, so these are plain value records.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OperationSpec.Stage.class, name = "stage"),
    @JsonSubTypes.Type(value = OperationSpec.Inventory.class, name = "inventory"),
    @JsonSubTypes.Type(value = OperationSpec.Stop.class, name = "stop"),
    @JsonSubTypes.Type(value = OperationSpec.Swap.class, name = "swap"),
    @JsonSubTypes.Type(value = OperationSpec.Start.class, name = "start"),
    @JsonSubTypes.Type(value = OperationSpec.HealthGate.class, name = "health_gate"),
    @JsonSubTypes.Type(value = OperationSpec.Verify.class, name = "verify"),
    @JsonSubTypes.Type(value = OperationSpec.RevertSwap.class, name = "revert_swap"),
    @JsonSubTypes.Type(value = OperationSpec.Backup.class, name = "backup"),
    @JsonSubTypes.Type(value = OperationSpec.VerifyBackup.class, name = "verify_backup"),
    @JsonSubTypes.Type(value = OperationSpec.Restore.class, name = "restore"),
    @JsonSubTypes.Type(value = OperationSpec.Tls.class, name = "tls"),
    @JsonSubTypes.Type(value = OperationSpec.Admins.class, name = "admins"),
    @JsonSubTypes.Type(value = OperationSpec.Access.class, name = "access"),
    @JsonSubTypes.Type(value = OperationSpec.Replication.class, name = "replication"),
    @JsonSubTypes.Type(value = OperationSpec.Finalize.class, name = "finalize"),
})
public sealed interface OperationSpec {

    /** Short name for logs and events, e.g. "health_gate". */
    String kind();

    /** @param requireEnterprise refuse a distribution that is not Enterprise (the run has Enterprise steps) */
    record Stage(String sha256, String expectedVersion, boolean requireEnterprise) implements OperationSpec {
        public Stage(String sha256, String expectedVersion) {
            this(sha256, expectedVersion, false);
        }

        public String kind() {
            return "stage";
        }
    }

    record Inventory(int walApplyTimeoutSeconds) implements OperationSpec {
        public String kind() {
            return "inventory";
        }
    }

    record Stop(int timeoutSeconds) implements OperationSpec {
        public String kind() {
            return "stop";
        }
    }

    /**
     * @param tlsOperationId a succeeded {@link Tls} prepare whose files go into {@code tls.*} keys; null or empty for none
     * @param overrideBuiltinAdmin give the built-in admin a random password the agent keeps
     */
    record Swap(String stageOperationId, String tlsOperationId, boolean overrideBuiltinAdmin) implements OperationSpec {
        public Swap(String stageOperationId) {
            this(stageOperationId, "", false);
        }

        public Swap {
            tlsOperationId = tlsOperationId == null ? "" : tlsOperationId;
        }

        public String kind() {
            return "swap";
        }
    }

    record Start() implements OperationSpec {
        public String kind() {
            return "start";
        }
    }

    record HealthGate(String expectedVersion, int timeoutSeconds) implements OperationSpec {
        public String kind() {
            return "health_gate";
        }
    }

    record Verify(String inventoryOperationId, int walApplyTimeoutSeconds) implements OperationSpec {
        public String kind() {
            return "verify";
        }
    }

    record RevertSwap(String swapOperationId, int stopTimeoutSeconds) implements OperationSpec {
        public String kind() {
            return "revert_swap";
        }
    }

    /**
     * @param compression "zstd", "gzip" or "none"; "" means zstd
     * @param level 0 means the compression's default
     * @param workers zstd threads; 0 means one per core
     */
    record Backup(String compression, int level, int workers) implements OperationSpec {
        public String kind() {
            return "backup";
        }
    }

    record VerifyBackup(String archivePath) implements OperationSpec {
        public String kind() {
            return "verify_backup";
        }
    }

    record Restore(String archivePath, int timeoutSeconds) implements OperationSpec {
        public String kind() {
            return "restore";
        }
    }

    /** Step 9; see {@code TlsSpec} in operation_spec.proto. */
    record Tls(TlsPhase phase, String certPath, String keyPath, String hostAddress, int expiryWindowDays, boolean perEndpoint,
            boolean demo, int stopTimeoutSeconds, int healthTimeoutSeconds) implements OperationSpec {
        public String kind() {
            return "tls";
        }
    }

    enum TlsPhase { PREPARE, APPLY, VERIFY }

    /** An admin account of the fleet file; the password is stored as a fingerprint only. */
    record Account(String name, SecretText password) {}

    /** Step 10; see {@code AdminsSpec} in operation_spec.proto. */
    record Admins(AdminsPhase phase, List<Account> accounts, int stopTimeoutSeconds, int healthTimeoutSeconds)
            implements OperationSpec {
        public Admins {
            accounts = List.copyOf(accounts);
        }

        public String kind() {
            return "admins";
        }
    }

    enum AdminsPhase { OVERRIDE, CREATE }

    /** A grant of {@link Access}: database level when {@code tables} is empty and {@code allTables} false. */
    record AccessGrant(List<String> permissions, List<String> tables, boolean allTables) {
        public AccessGrant {
            permissions = List.copyOf(permissions);
            tables = List.copyOf(tables);
        }
    }

    record AccessGroup(String name, List<AccessGrant> grants) {
        public AccessGroup {
            grants = List.copyOf(grants);
        }
    }

    /** @param password null: none; else stored as a fingerprint only */
    record AccessUser(String name, SecretText password, List<String> groups, List<AccessGrant> grants) {
        public AccessUser {
            groups = List.copyOf(groups);
            grants = List.copyOf(grants);
        }
    }

    /** @param password null: none; @param ownedBy "" = the creating admin */
    record AccessServiceAccount(String name, SecretText password, String ownedBy, List<AccessGrant> grants, List<String> assumableBy) {
        public AccessServiceAccount {
            ownedBy = ownedBy == null ? "" : ownedBy;
            grants = List.copyOf(grants);
            assumableBy = List.copyOf(assumableBy);
        }
    }

    /** Step 10, optional accounts; see {@code AccessSpec} in operation_spec.proto. */
    record Access(List<AccessGroup> groups, List<AccessUser> users, List<AccessServiceAccount> serviceAccounts) implements OperationSpec {
        public Access {
            groups = List.copyOf(groups);
            users = List.copyOf(users);
            serviceAccounts = List.copyOf(serviceAccounts);
        }

        public String kind() {
            return "access";
        }
    }

    /**
     * Step 11; see {@code ReplicationSpec} in operation_spec.proto. The object store string may hold
     * secrets, so it is stored as a fingerprint only.
     */
    record Replication(ReplicationPhase phase, SecretText objectStore, String cluster, String instanceId, boolean clearFsStore,
            String archiveSha256, String manifestSha256, int stopTimeoutSeconds, int healthTimeoutSeconds) implements OperationSpec {
        public Replication {
            cluster = cluster == null ? "" : cluster;
            instanceId = instanceId == null ? "" : instanceId;
            archiveSha256 = archiveSha256 == null ? "" : archiveSha256;
            manifestSha256 = manifestSha256 == null ? "" : manifestSha256;
        }

        public String kind() {
            return "replication";
        }
    }

    enum ReplicationPhase { CHECK_STORE, PRIMARY, REPLICA }

    /** Retention; see {@code FinalizeSpec} in operation_spec.proto. "" = nothing of that kind. */
    record Finalize(String swapOperationId, String backupOperationId, String uploadSha256, String revertOperationId,
            String restoreOperationId) implements OperationSpec {
        public Finalize {
            swapOperationId = swapOperationId == null ? "" : swapOperationId;
            backupOperationId = backupOperationId == null ? "" : backupOperationId;
            uploadSha256 = uploadSha256 == null ? "" : uploadSha256;
            revertOperationId = revertOperationId == null ? "" : revertOperationId;
            restoreOperationId = restoreOperationId == null ? "" : restoreOperationId;
        }

        public String kind() {
            return "finalize";
        }
    }
}
