package io.qfleet.coordinator.client;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;

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

    /** Asks {@code agent} MarkRoot, then takes {@code facts}: the two calls of an agent that cannot answer both in one. */
    static MarkedFacts marking(AgentClient agent, String hostName, String markerId, Supplier<AgentFacts> facts) {
        RootMarks marks = null;
        AgentCallException refused = null;
        try {
            marks = agent.markRoot(hostName, markerId);
        } catch (AgentCallException e) {
            if (e.unreachable()) {
                throw e;
            }
            refused = e;
        }
        return new MarkedFacts(marks, refused, facts.get());
    }
}
