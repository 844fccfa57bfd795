package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

/**
 * One host of the fleet and the address of its agent.
 *
 * @param name short unique name used in output, journal and reports, e.g. "db-1"
 * @param agentHost host name or IP address of the agent, IPv6 without brackets
 * @param agentPort the agent's gRPC port
 * @param role standalone, or primary/replica of {@code cluster}
 * @param cluster the replication cluster of a primary or replica; empty for a standalone host
 */
public record HostEntry(String name, String agentHost, int agentPort, Role role, String cluster) {

    public HostEntry {
        requireNonNull(name, "name");
        requireNonNull(agentHost, "agentHost");
        requireNonNull(role, "role");
        cluster = cluster == null ? "" : cluster;
        if (agentPort < 1 || agentPort > 65535) {
            throw new IllegalArgumentException("agentPort: " + agentPort + " (expected: 1-65535)");
        }
    }

    /** A standalone host. */
    public HostEntry(String name, String agentHost, int agentPort) {
        this(name, agentHost, agentPort, Role.STANDALONE, "");
    }

    /** {@code host:port}, with brackets around an IPv6 address: "127.0.0.2:7001", "[::1]:7001". */
    public String agentAddress() {
        String host = agentHost.indexOf(':') >= 0 ? "[" + agentHost + "]" : agentHost;
        return host + ":" + agentPort;
    }
}
