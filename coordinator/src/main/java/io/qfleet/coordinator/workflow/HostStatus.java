package io.qfleet.coordinator.workflow;

/** How a host ended a run, as reported in the summary and in {@code run_finished}. */
public enum HostStatus {
    MIGRATED("migrated"),
    FAILED("failed"),
    ROLLED_BACK("rolled_back"),
    NOT_STARTED("not_started");

    private final String label;

    HostStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
