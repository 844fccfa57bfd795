package io.qfleet.coordinator.client;

/**
 * A call to an agent failed. {@code reason} is the agent's machine-readable reason (or
 * "unreachable" when no agent answered); the message is one line naming the agent.
 */
public final class AgentCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final boolean unreachable;

    public AgentCallException(String reason, String message, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.unreachable = unreachable;
    }

    public String reason() {
        return reason;
    }

    /** True when the agent could not be reached at all (exit code 5 territory). */
    public boolean unreachable() {
        return unreachable;
    }
}
