package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The QuestDB distribution every host ends up on.
 *
 * @param distribution absolute path of the archive on the coordinator's machine
 * @param sha256 its SHA-256, 64 lower-case hex digits
 * @param version the QuestDB version the archive contains, e.g. "9.2.2"
 */
public record Target(Path distribution, String sha256, String version) {

    public Target {
        requireNonNull(distribution, "distribution");
        requireNonNull(sha256, "sha256");
        requireNonNull(version, "version");
    }
}
