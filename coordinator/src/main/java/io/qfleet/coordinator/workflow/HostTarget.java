package io.qfleet.coordinator.workflow;

import static java.util.Objects.requireNonNull;

/** A host as the engine needs it: its name and where its agent listens. */
public record HostTarget(String name, String agentHost, int agentPort) {

    public HostTarget {
        requireNonNull(name, "name");
        requireNonNull(agentHost, "agentHost");
    }

    public String agentAddress() {
        return agentHost + ":" + agentPort;
    }
}
