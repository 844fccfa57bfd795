package io.qfleet.coordinator.client;

/**
 * How an agent operation ended, flattened to what the workflow reads. {@code totalRows} is set
 * by inventory and verify (else -1), {@code questdbVersion} by inventory and the health gate,
 * {@code archivePath} by a backup.
 */
public record OperationOutcome(
        String operationId,
        boolean succeeded,
        String failureReason,
        String failureMessage,
        long totalRows,
        String questdbVersion,
        String detail,
        String archivePath) {

    public OperationOutcome {
        failureReason = failureReason == null ? "" : failureReason;
        failureMessage = failureMessage == null ? "" : failureMessage;
        questdbVersion = questdbVersion == null ? "" : questdbVersion;
        detail = detail == null ? "" : detail;
        archivePath = archivePath == null ? "" : archivePath;
    }
}
