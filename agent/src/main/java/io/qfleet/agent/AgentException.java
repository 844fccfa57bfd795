package io.qfleet.agent;

import static java.util.Objects.requireNonNull;

/**
 * A failure the agent reports to its caller: what kind (mapped to a gRPC status in one place,
 * {@code agent.grpc.StatusMapping}), a machine-readable snake_case reason, and a one-line message
 * for an operator. Messages never hold secrets or file contents.
 */
public final class AgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the caller should do; see the status table in STYLE.md section 6. */
    public enum Kind {
        /** The request itself is wrong: do not retry it unchanged. */
        INVALID_ARGUMENT,
        /** The host is not in the state this step needs: stop, report, no retry. */
        FAILED_PRECONDITION,
        /** Lost a race with other work on this host: re-read state, retry the step. */
        ABORTED,
        NOT_FOUND,
        ALREADY_EXISTS,
        /** Transient: retry the same call with backoff. */
        UNAVAILABLE,
        /** Disk or another limit is exhausted. */
        RESOURCE_EXHAUSTED,
        /** A bug or an unexpected I/O failure. */
        INTERNAL
    }

    private final Kind kind;
    private final String reason;
    private final boolean retryable;

    public AgentException(Kind kind, String reason, String message, boolean retryable, Throwable cause) {
        super(requireNonNull(message, "message"), cause);
        this.kind = requireNonNull(kind, "kind");
        this.reason = requireNonNull(reason, "reason");
        this.retryable = retryable;
    }

    public static AgentException invalidArgument(String reason, String message) {
        return new AgentException(Kind.INVALID_ARGUMENT, reason, message, false, null);
    }

    public static AgentException failedPrecondition(String reason, String message) {
        return new AgentException(Kind.FAILED_PRECONDITION, reason, message, false, null);
    }

    public static AgentException aborted(String reason, String message) {
        return new AgentException(Kind.ABORTED, reason, message, true, null);
    }

    public static AgentException notFound(String reason, String message) {
        return new AgentException(Kind.NOT_FOUND, reason, message, false, null);
    }

    public static AgentException unavailable(String reason, String message, Throwable cause) {
        return new AgentException(Kind.UNAVAILABLE, reason, message, true, cause);
    }

    public static AgentException resourceExhausted(String reason, String message) {
        return new AgentException(Kind.RESOURCE_EXHAUSTED, reason, message, false, null);
    }

    public static AgentException internal(String reason, String message, Throwable cause) {
        return new AgentException(Kind.INTERNAL, reason, message, false, cause);
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }
}
