package io.qfleet.coordinator.client;

/**
 * How an agent operation ended, flattened to what the workflow reads. {@code totalRows} is set
 * by inventory and verify (else -1), {@code questdbVersion} by inventory and the health gate,
 * {@code archivePath} and {@code archiveBytes} by a backup, the SHA-256s by a verify_backup,
 * {@code bytesFreed} by finalize (else 0).
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
        long archiveBytes,
        String archiveSha256,
        String manifestSha256,
        long bytesFreed) {

    public OperationOutcome(String operationId, boolean succeeded, String failureReason, String failureMessage, long totalRows,
            String questdbVersion, String detail, String archivePath) {
        this(operationId, succeeded, failureReason, failureMessage, totalRows, questdbVersion, detail, archivePath, 0, "", "", 0);
    }

    public OperationOutcome {
        failureReason = failureReason == null ? "" : failureReason;
        failureMessage = failureMessage == null ? "" : failureMessage;
        questdbVersion = questdbVersion == null ? "" : questdbVersion;
        detail = detail == null ? "" : detail;
        archivePath = archivePath == null ? "" : archivePath;
        archiveSha256 = archiveSha256 == null ? "" : archiveSha256;
        manifestSha256 = manifestSha256 == null ? "" : manifestSha256;
    }
}
