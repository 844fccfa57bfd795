package io.qfleet.coordinator.demo;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** A distribution tarball written by {@link DistributionPacker}: the file, its SHA-256 (lower-case hex) and version. */
public record PackedDistribution(Path file, String sha256, String version) {
    public PackedDistribution {
        requireNonNull(file, "file");
        requireNonNull(sha256, "sha256");
        requireNonNull(version, "version");
    }
}
