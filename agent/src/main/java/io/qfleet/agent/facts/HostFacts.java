package io.qfleet.agent.facts;

import io.qfleet.agent.questdb.Edition;
import java.util.List;
import java.util.Map;

/**
 * What preflight needs to know about one host. Strings are empty, never null, when unknown;
 * {@code problems} says what could not be found out, one line each. {@code enterpriseState} lists
 * the Enterprise-only files under the root ({@link EnterpriseState}); {@code releaseType} is
 * {@code /settings}' {@code release.type} ("OSS", "EE", or "" when unknown). {@code nonWalTables} are
 * what Enterprise replication would skip; {@code replicationRole} is server.conf's {@code replication.role};
 * {@code tlsEnabled} and {@code builtinAdminDisabled} say server.conf has {@code tls.enabled=true} and
 * {@code acl.admin.user.enabled=false} (what steps 9 and 10 leave behind); {@code serverConf} is the file
 * as read for them, null when it could not be read; {@code restoreTrigger} is a {@code _restore} file
 * QuestDB's next start would act on ("" when none); {@code backupDirFreeBytes} the usable space where backups go.
 */
public record HostFacts(
        String agentVersion,
        String hostname,
        String osName,
        String osArch,
        String questdbRoot,
        String installDir,
        boolean questdbRunning,
        long questdbPid,
        String questdbVersion,
        Edition edition,
        String buildInfo,
        Map<String, String> roots,
        long diskFreeBytes,
        long rootSizeBytes,
        boolean walTablesHealthy,
        List<String> suspendedTables,
        List<String> problems,
        Installed installed,
        List<String> enterpriseState,
        String releaseType,
        List<String> nonWalTables,
        String replicationRole,
        boolean tlsEnabled,
        boolean builtinAdminDisabled,
        ConfFile serverConf,
        String restoreTrigger,
        long backupDirFreeBytes) {

    public HostFacts {
        roots = Map.copyOf(roots);
        suspendedTables = List.copyOf(suspendedTables);
        problems = List.copyOf(problems);
        enterpriseState = List.copyOf(enterpriseState);
        nonWalTables = List.copyOf(nonWalTables);
    }

    /**
     * Whether server.conf exists and the SHA-256 of its bytes ("" when it does not); whether it turns strict
     * validation on, and then the keys it sets that the installed questdb.jar knows, sorted (null when not
     * strict or that jar's key list could not be read).
     */
    public record ConfFile(boolean exists, String sha256, boolean strictValidation, List<String> keysInstalledKnows) {
        public ConfFile {
            keysInstalledKnows = keysInstalledKnows == null ? null : List.copyOf(keysInstalledKnows);
        }
    }

    /** The distribution in the install dir; {@code layout} is empty when none could be read. */
    public record Installed(String layout, String version, Edition edition, String main) {}
}
