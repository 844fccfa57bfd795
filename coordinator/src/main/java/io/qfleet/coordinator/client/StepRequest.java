package io.qfleet.coordinator.client;

/** One agent operation as the workflow asks for it. */
public sealed interface StepRequest {

    /** @param requireEnterprise the run has Enterprise steps: refuse an Open Source distribution */
    record Stage(String sha256, String expectedVersion, boolean requireEnterprise) implements StepRequest {
        public Stage(String sha256, String expectedVersion) {
            this(sha256, expectedVersion, false);
        }
    }

    record Inventory(int walApplyTimeoutSeconds) implements StepRequest {}

    record Stop(int timeoutSeconds) implements StepRequest {}

    /**
     * @param tlsOperationId a succeeded TLS check whose installed files go into tls.* keys in the swap; "" for none
     * @param overrideBuiltinAdmin the agent gives the built-in admin a random password it keeps
     */
    record Swap(String stageOperationId, String tlsOperationId, boolean overrideBuiltinAdmin) implements StepRequest {
        public Swap(String stageOperationId) {
            this(stageOperationId, "", false);
        }
    }

    enum TlsPhase { PREPARE, APPLY, VERIFY }

    /** Step 9 (TlsSpec): paths on the host, the address the leaf must cover. */
    record Tls(TlsPhase phase, String certPath, String keyPath, String hostAddress, int expiryWindowDays, boolean perEndpoint,
            boolean demo, int stopTimeoutSeconds, int healthTimeoutSeconds) implements StepRequest {}

    enum AdminsPhase { OVERRIDE, CREATE }

    /** Step 10 (AdminsSpec); {@link #toString()} hides the passwords. */
    record Admins(AdminsPhase phase, java.util.List<io.qfleet.coordinator.fleet.EnterpriseSettings.Admin> accounts,
            int stopTimeoutSeconds, int healthTimeoutSeconds) implements StepRequest {}

    /** Step 10, optional accounts (AccessSpec); {@code AccessSettings}' {@code toString} hides the passwords. */
    record Access(io.qfleet.coordinator.fleet.AccessSettings access) implements StepRequest {}

    record Start() implements StepRequest {}

    record HealthGate(String expectedVersion, int timeoutSeconds) implements StepRequest {}

    record Verify(String inventoryOperationId, int walApplyTimeoutSeconds) implements StepRequest {}

    record RevertSwap(String swapOperationId, int stopTimeoutSeconds) implements StepRequest {}

    /** compression "zstd", "gzip" or "none"; level and workers 0 = the agent's defaults. */
    record Backup(String compression, int level, int workers) implements StepRequest {}

    record VerifyBackup(String archivePath) implements StepRequest {}

    record Restore(String archivePath, int timeoutSeconds) implements StepRequest {}

    enum ReplicationPhase { CHECK_STORE, PRIMARY, REPLICA }

    /**
     * Step 11 (ReplicationSpec). {@code objectStore} may hold the store's keys: {@link #toString()}
     * shows it masked.
     */
    record Replication(ReplicationPhase phase, String objectStore, String cluster, String instanceId, boolean clearFsStore,
            String archiveSha256, String manifestSha256, int stopTimeoutSeconds, int healthTimeoutSeconds) implements StepRequest {
        @Override
        public String toString() {
            return "Replication[" + phase + ", " + io.qfleet.coordinator.fleet.ObjectStoreString.masked(objectStore) + ", " + cluster
                    + ", " + instanceId + "]";
        }
    }

    /** Retention (FinalizeSpec): what the named operations kept, removed; "" = nothing of that kind. */
    record Finalize(String swapOperationId, String backupOperationId, String uploadSha256, String revertOperationId,
            String restoreOperationId) implements StepRequest {}
}
