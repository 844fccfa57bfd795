package io.qfleet.coordinator.report;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.workflow.Step;
import java.time.Duration;
import java.time.Instant;

/**
 * One run of one step on one host. A step started again after a resume is a second attempt
 * ({@code attempt} counts from 1 per step). {@code finished} is null for an {@link StepResult#UNFINISHED}
 * attempt, whose {@code lastSeen} is the last time the journal heard of the run before it stopped;
 * otherwise {@code lastSeen} equals {@code finished}. {@code version} is empty and {@code rows} -1
 * when the step read none.
 */
public record StepAttempt(
        Step step,
        int attempt,
        Instant started,
        Instant finished,
        Instant lastSeen,
        StepResult result,
        String message,
        String version,
        long rows) {

    public StepAttempt {
        requireNonNull(step, "step");
        requireNonNull(started, "started");
        requireNonNull(lastSeen, "lastSeen");
        requireNonNull(result, "result");
        message = message == null ? "" : message;
        version = version == null ? "" : version;
    }

    /** From start to result, or null while there is no result. */
    public Duration duration() {
        return finished == null ? null : Duration.between(started, finished);
    }

    public boolean ok() {
        return result == StepResult.OK;
    }
}
