package io.qfleet.agent.install;

import static java.util.Objects.requireNonNull;

/**
 * How much of an upload has arrived. An unknown upload is {@code (sha256, 0, false)}.
 *
 * @param sha256 lower-case hex SHA-256 the upload is keyed by
 * @param bytesReceived bytes stored so far (the whole size once complete)
 * @param complete whether the file arrived in full and its SHA-256 matched
 */
public record UploadStatus(String sha256, long bytesReceived, boolean complete) {
    public UploadStatus {
        requireNonNull(sha256, "sha256");
        if (bytesReceived < 0) {
            throw new IllegalArgumentException("bytesReceived: " + bytesReceived + " (expected: >= 0)");
        }
    }
}
