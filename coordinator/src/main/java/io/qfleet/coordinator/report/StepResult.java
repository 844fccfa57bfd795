package io.qfleet.coordinator.report;

/** How one attempt of a step ended, as far as the journal knows. */
public enum StepResult {
    OK("ok"),
    FAILED("failed"),
    /** Started but no result journalled: the coordinator stopped (crash, Ctrl-C) while it ran. */
    UNFINISHED("unfinished");

    private final String label;

    StepResult(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
