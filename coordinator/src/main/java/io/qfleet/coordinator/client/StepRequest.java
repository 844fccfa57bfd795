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
}
