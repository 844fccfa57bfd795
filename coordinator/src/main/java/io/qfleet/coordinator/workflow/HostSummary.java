package io.qfleet.coordinator.workflow;

import static java.util.Objects.requireNonNull;

/**
 * One host's outcome. Versions are empty strings and row counts null when unknown (for example
 * a host that was never reached).
 */
public record HostSummary(
        String name,
        HostStatus status,
        String versionBefore,
        String versionAfter,
        Long rowsBefore,
        Long rowsAfter,
        String message) {

    public HostSummary {
        requireNonNull(name, "name");
        requireNonNull(status, "status");
        versionBefore = versionBefore == null ? "" : versionBefore;
        versionAfter = versionAfter == null ? "" : versionAfter;
        message = message == null ? "" : message;
    }
}
