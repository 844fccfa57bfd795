package io.qfleet.coordinator.client;

import static java.util.Objects.requireNonNull;

/**
 * A preflight's read of one agent: its root's markers after this host's was written, or why it could
 * not be ({@code markFailure}, the agent reachable), and its facts.
 */
public record MarkedFacts(RootMarks marks, AgentCallException markFailure, AgentFacts facts) {
    public MarkedFacts {
        requireNonNull(facts, "facts");
        if ((marks == null) == (markFailure == null)) {
            throw new IllegalArgumentException("either the marks or why there are none");
        }
    }
}
