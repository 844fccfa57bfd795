package io.qfleet.coordinator.report;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.workflow.Step;
import java.time.Duration;
import java.time.Instant;

/**
 * When a host did not serve: from the start of its stop step to the end of the first health gate
 * or rollback that passed ({@code endedBy}). A host that never came back has an open window
 * ({@code end} and {@code endedBy} null) whose {@code duration} runs to the end of the journal, so
 * it is a lower bound.
 */
public record Downtime(Instant start, Instant end, Step endedBy, Duration duration) {

    public Downtime {
        requireNonNull(start, "start");
        requireNonNull(duration, "duration");
    }

    /** The host had not served again when the journal ended. */
    public boolean open() {
        return end == null;
    }
}
