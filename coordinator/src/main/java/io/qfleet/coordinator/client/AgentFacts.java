package io.qfleet.coordinator.client;

import java.util.List;

/**
 * What preflight reads from an agent's GetHostFacts. Empty strings when unknown;
 * {@code enterpriseState}: Enterprise-only files the agent found under the root.
 */
public record AgentFacts(
        String hostname,
        String osArch,
        boolean questdbRunning,
        long questdbPid,
        String questdbVersion,
        String edition,
        String installedVersion,
        String installedLayout,
        long diskFreeBytes,
        long rootSizeBytes,
        boolean walTablesHealthy,
        List<String> suspendedTables,
        List<String> problems,
        List<String> enterpriseState) {

    public AgentFacts {
        suspendedTables = List.copyOf(suspendedTables);
        problems = List.copyOf(problems);
        enterpriseState = List.copyOf(enterpriseState);
    }
}
