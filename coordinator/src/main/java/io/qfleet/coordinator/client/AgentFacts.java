package io.qfleet.coordinator.client;

import java.util.List;
import java.util.Map;

/**
 * What preflight reads from an agent's GetHostFacts. Empty strings when unknown;
 * {@code enterpriseState}: Enterprise-only files the agent found under the root; {@code nonWalTables}:
 * tables replication would skip; {@code replicationRole}: server.conf's {@code replication.role};
 * {@code tlsEnabled}, {@code builtinAdminDisabled}: server.conf has {@code tls.enabled=true},
 * {@code acl.admin.user.enabled=false} (what the TLS and admins steps leave behind); {@code serverConf}:
 * that file as the agent read it, null when it could not or the agent does not say; {@code agentVersion}:
 * the agent's own build ("" when not said), which made the plan's checks and server.conf diff;
 * {@code questdbRoot} and {@code roots}: the root (-d) and the directories QuestDB uses by our name
 * ("db", "sql_copy_input", ...), absolute, from its effective configuration ("" and empty when not said);
 * {@code restoreTrigger}: a {@code _restore} file QuestDB's next start would act on ("" when none, null when the
 * agent does not say: it predates the fact); {@code backupDirFreeBytes}: usable bytes where the agent keeps backups
 * (null when it does not say).
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
        String replicationRole,
        boolean tlsEnabled,
        boolean builtinAdminDisabled,
        ConfFile serverConf,
        String agentVersion,
        String questdbRoot,
        Map<String, String> roots,
        String restoreTrigger,
        Long backupDirFreeBytes) {

    /**
     * Whether server.conf exists, and the SHA-256 of its bytes ("" when it does not); whether it turns
     * strict validation on, and then the keys it sets that the installed questdb.jar knows (null when
     * the agent did not read that jar's list: not strict, not an Open Source jar, or an older agent).
     */
    public record ConfFile(boolean exists, String sha256, boolean strictValidation, List<String> keysInstalledKnows) {
        public ConfFile {
            keysInstalledKnows = keysInstalledKnows == null ? null : List.copyOf(keysInstalledKnows);
        }

        public ConfFile(boolean exists, String sha256) {
            this(exists, sha256, false, null);
        }
    }

    public AgentFacts {
        suspendedTables = List.copyOf(suspendedTables);
        problems = List.copyOf(problems);
        enterpriseState = List.copyOf(enterpriseState);
        nonWalTables = List.copyOf(nonWalTables);
        replicationRole = replicationRole == null ? "" : replicationRole;
        agentVersion = agentVersion == null ? "" : agentVersion;
        questdbRoot = questdbRoot == null ? "" : questdbRoot;
        roots = Map.copyOf(roots);
    }

    /** Without the replication facts (no non-WAL table, no replication role). */
    public AgentFacts(String hostname, String osArch, boolean questdbRunning, long questdbPid, String questdbVersion, String edition,
            String installedVersion, String installedLayout, long diskFreeBytes, long rootSizeBytes, boolean walTablesHealthy,
            List<String> suspendedTables, List<String> problems, List<String> enterpriseState) {
        this(hostname, osArch, questdbRunning, questdbPid, questdbVersion, edition, installedVersion, installedLayout, diskFreeBytes,
                rootSizeBytes, walTablesHealthy, suspendedTables, problems, enterpriseState, List.of(), "", false, false, null, "", "",
                Map.of(), "", null);
    }

    /** These facts with server.conf's Enterprise settings as given. */
    public AgentFacts withEnterpriseConf(String role, boolean tls, boolean builtinAdminOff) {
        return new AgentFacts(hostname, osArch, questdbRunning, questdbPid, questdbVersion, edition, installedVersion, installedLayout,
                diskFreeBytes, rootSizeBytes, walTablesHealthy, suspendedTables, problems, enterpriseState, nonWalTables, role, tls,
                builtinAdminOff, serverConf, agentVersion, questdbRoot, roots, restoreTrigger, backupDirFreeBytes);
    }

    /** These facts with server.conf as given (null: not said). */
    public AgentFacts withServerConf(ConfFile conf) {
        return new AgentFacts(hostname, osArch, questdbRunning, questdbPid, questdbVersion, edition, installedVersion, installedLayout,
                diskFreeBytes, rootSizeBytes, walTablesHealthy, suspendedTables, problems, enterpriseState, nonWalTables, replicationRole,
                tlsEnabled, builtinAdminDisabled, conf, agentVersion, questdbRoot, roots, restoreTrigger, backupDirFreeBytes);
    }

    /** These facts as an agent of build {@code version} says them. */
    public AgentFacts withAgentVersion(String version) {
        return new AgentFacts(hostname, osArch, questdbRunning, questdbPid, questdbVersion, edition, installedVersion, installedLayout,
                diskFreeBytes, rootSizeBytes, walTablesHealthy, suspendedTables, problems, enterpriseState, nonWalTables, replicationRole,
                tlsEnabled, builtinAdminDisabled, serverConf, version, questdbRoot, roots, restoreTrigger, backupDirFreeBytes);
    }

    /** These facts with the QuestDB root and data directories as given. */
    public AgentFacts withRoots(String root, Map<String, String> dirs) {
        return new AgentFacts(hostname, osArch, questdbRunning, questdbPid, questdbVersion, edition, installedVersion, installedLayout,
                diskFreeBytes, rootSizeBytes, walTablesHealthy, suspendedTables, problems, enterpriseState, nonWalTables, replicationRole,
                tlsEnabled, builtinAdminDisabled, serverConf, agentVersion, root, dirs, restoreTrigger, backupDirFreeBytes);
    }

    /** These facts with the usable space where backups go as given (null: not said). */
    public AgentFacts withBackupDirFree(Long bytes) {
        return new AgentFacts(hostname, osArch, questdbRunning, questdbPid, questdbVersion, edition, installedVersion, installedLayout,
                diskFreeBytes, rootSizeBytes, walTablesHealthy, suspendedTables, problems, enterpriseState, nonWalTables, replicationRole,
                tlsEnabled, builtinAdminDisabled, serverConf, agentVersion, questdbRoot, roots, restoreTrigger, bytes);
    }

    /** These facts with the {@code _restore} trigger as given ("" for none, null for not said). */
    public AgentFacts withRestoreTrigger(String trigger) {
        return new AgentFacts(hostname, osArch, questdbRunning, questdbPid, questdbVersion, edition, installedVersion, installedLayout,
                diskFreeBytes, rootSizeBytes, walTablesHealthy, suspendedTables, problems, enterpriseState, nonWalTables, replicationRole,
                tlsEnabled, builtinAdminDisabled, serverConf, agentVersion, questdbRoot, roots, trigger, backupDirFreeBytes);
    }
}
