package io.qfleet.coordinator.report;

/** How far a run got, from its last {@code run_finished} (or its absence). */
public enum RunState {
    FINISHED("finished"),
    /** Stopped by Ctrl-C or the failure threshold with hosts left; resumable. */
    INTERRUPTED("interrupted"),
    /** No {@code run_finished} after the last start or resume: the coordinator crashed, or still runs. */
    INCOMPLETE("incomplete");

    private final String label;

    RunState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
