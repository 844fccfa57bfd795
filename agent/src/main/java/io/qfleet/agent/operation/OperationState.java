package io.qfleet.agent.operation;

import java.util.EnumSet;
import java.util.Set;

/** Life of one operation: PENDING, RUNNING, then one terminal state. */
public enum OperationState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The only transitions allowed; anything else is a bug in the runner. */
    public boolean canMoveTo(OperationState next) {
        return allowedNext().contains(next);
    }

    private Set<OperationState> allowedNext() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
            case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(OperationState.class);
        };
    }
}
