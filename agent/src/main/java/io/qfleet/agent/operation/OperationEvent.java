package io.qfleet.agent.operation;

import java.time.Instant;

/**
 * One event of an operation. {@code sequence} starts at 1 and has no gaps; {@code done}/{@code
 * total} are 0 and {@code unit} empty when the event carries no progress.
 */
public record OperationEvent(
        long sequence, Instant time, OperationState state, String message, long done, long total, String unit) {

    public OperationEvent {
        message = message == null ? "" : message;
        unit = unit == null ? "" : unit;
    }
}
