package io.qfleet.coordinator.client;

/**
 * How an agent operation ended, flattened to what the workflow reads. {@code totalRows} is set
 * by inventory and verify (else -1), {@code questdbVersion} by inventory and the health gate,
 * {@code archivePath} by a backup, {@code bytesFreed} by finalize (else 0).
 */
public record OperationOutcome(
        String operationId,
        boolean succeeded,
        String failureReason,
        String failureMessage,
        long totalRows,
        String questdbVersion,
        String detail,
        String archivePath,
        long bytesFreed) {

    public OperationOutcome(String operationId, boolean succeeded, String failureReason, String failureMessage, long totalRows,
            String questdbVersion, String detail, String archivePath) {
        this(operationId, succeeded, failureReason, failureMessage, totalRows, questdbVersion, detail, archivePath, 0);
    }

    public OperationOutcome {
        failureReason = failureReason == null ? "" : failureReason;
        failureMessage = failureMessage == null ? "" : failureMessage;
        questdbVersion = questdbVersion == null ? "" : questdbVersion;
        detail = detail == null ? "" : detail;
        archivePath = archivePath == null ? "" : archivePath;
    }
}
