package io.qfleet.coordinator.report;

import io.qfleet.coordinator.workflow.HostStatus;

/**
 * A host's state in a report: the four {@link HostStatus} outcomes, plus {@link #IN_PROGRESS} for a
 * host whose steps began but whose outcome was never journalled (the run crashed or is still going).
 */
public enum HostState {
    MIGRATED(HostStatus.MIGRATED.label()),
    FAILED(HostStatus.FAILED.label()),
    ROLLED_BACK(HostStatus.ROLLED_BACK.label()),
    NOT_STARTED(HostStatus.NOT_STARTED.label()),
    /** Unknown: the journal ends (or the run was resumed) before this host finished; resume needed. */
    IN_PROGRESS("in_progress");

    private final String label;

    HostState(String label) {
        this.label = label;
    }

    /** As in the journal and in JSON: "rolled_back", "in_progress". */
    public String label() {
        return label;
    }

    /** Did not end migrated or untouched: failed, rolled back or unknown. */
    public boolean problem() {
        return this == FAILED || this == ROLLED_BACK || this == IN_PROGRESS;
    }

    /** The state for a {@code host_finished} status label. */
    static HostState ofLabel(String label) {
        for (HostStatus status : HostStatus.values()) {
            if (status.label().equals(label)) {
                return valueOf(status.name());
            }
        }
        throw new IllegalArgumentException("unknown host status '" + label + "' (expected one of: migrated, failed, "
                + "rolled_back, not_started)");
    }
}
