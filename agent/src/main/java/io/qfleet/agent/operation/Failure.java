package io.qfleet.agent.operation;

import static java.util.Objects.requireNonNull;

/** Why an operation failed or was cancelled: snake_case reason, one line for an operator. */
public record Failure(String reason, String message, boolean retryable) {

    public Failure {
        requireNonNull(reason, "reason");
        requireNonNull(message, "message");
    }
}
