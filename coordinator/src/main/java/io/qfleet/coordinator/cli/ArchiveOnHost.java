package io.qfleet.coordinator.cli;

import picocli.CommandLine.Option;

/** {@code --host H --archive PATH}: one backup archive on one host, for verify-backup and restore. */
final class ArchiveOnHost {

    @Option(names = "--host", required = true, description = "The host whose agent holds the archive.")
    String host;

    @Option(names = "--archive", required = true, description = "The archive's path on that host (inside its backup_dir).")
    String archive;
}
