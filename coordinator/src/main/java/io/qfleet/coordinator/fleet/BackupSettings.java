package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The backup step before every stop ({@code backup} in the fleet file, or per host).
 *
 * @param compression zstd (default), gzip or none
 * @param level 0 = the agent's default (zstd 1, gzip 6)
 * @param workers zstd threads, 0 = one per core of the host
 * @param timeout how long a host's backup may take ({@code timeout_seconds}, default 3600)
 */
public record BackupSettings(String compression, int level, int workers, Duration timeout) {

    public static final BackupSettings DEFAULTS = new BackupSettings("zstd", 0, 0, Duration.ofHours(1));

    public BackupSettings {
        requireNonNull(compression, "compression");
        requireNonNull(timeout, "timeout");
    }
}
