package io.qfleet.coordinator.client;

import java.util.List;

/** What preflight reads from an agent's GetHostFacts. Empty strings when unknown. */
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
        List<String> problems) {

    public AgentFacts {
        suspendedTables = List.copyOf(suspendedTables);
        problems = List.copyOf(problems);
    }
}
