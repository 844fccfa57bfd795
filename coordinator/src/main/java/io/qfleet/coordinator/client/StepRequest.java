package io.qfleet.coordinator.client;

/** One agent operation as the workflow asks for it. */
public sealed interface StepRequest {

    record Stage(String sha256, String expectedVersion) implements StepRequest {}

    record Inventory(int walApplyTimeoutSeconds) implements StepRequest {}

    record Stop(int timeoutSeconds) implements StepRequest {}

    record Swap(String stageOperationId) implements StepRequest {}

    record Start() implements StepRequest {}

    record HealthGate(String expectedVersion, int timeoutSeconds) implements StepRequest {}

    record Verify(String inventoryOperationId, int walApplyTimeoutSeconds) implements StepRequest {}

    record RevertSwap(String swapOperationId, int stopTimeoutSeconds) implements StepRequest {}

    /** compression "zstd", "gzip" or "none"; level and workers 0 = the agent's defaults. */
    record Backup(String compression, int level, int workers) implements StepRequest {}

    record VerifyBackup(String archivePath) implements StepRequest {}

    record Restore(String archivePath, int timeoutSeconds) implements StepRequest {}
}
