package io.qfleet.coordinator.client;

import java.util.List;

/**
 * What preflight reads from an agent's GetHostFacts. Empty strings when unknown;
 * {@code enterpriseState}: Enterprise-only files the agent found under the root; {@code nonWalTables}:
 * tables replication would skip; {@code replicationRole}: server.conf's {@code replication.role}.
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
        List<String> enterpriseState,
        List<String> nonWalTables,
        String replicationRole) {

    public AgentFacts {
        suspendedTables = List.copyOf(suspendedTables);
        problems = List.copyOf(problems);
        enterpriseState = List.copyOf(enterpriseState);
        nonWalTables = List.copyOf(nonWalTables);
        replicationRole = replicationRole == null ? "" : replicationRole;
    }

    /** Without the replication facts (no non-WAL table, no replication role). */
    public AgentFacts(String hostname, String osArch, boolean questdbRunning, long questdbPid, String questdbVersion, String edition,
            String installedVersion, String installedLayout, long diskFreeBytes, long rootSizeBytes, boolean walTablesHealthy,
            List<String> suspendedTables, List<String> problems, List<String> enterpriseState) {
        this(hostname, osArch, questdbRunning, questdbPid, questdbVersion, edition, installedVersion, installedLayout, diskFreeBytes,
                rootSizeBytes, walTablesHealthy, suspendedTables, problems, enterpriseState, List.of(), "");
    }
}
