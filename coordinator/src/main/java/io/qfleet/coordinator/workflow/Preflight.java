package io.qfleet.coordinator.workflow;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.fleet.DistributionName;
import io.qfleet.coordinator.fleet.Role;
import io.qfleet.proto.BackupRoom;
import io.qfleet.proto.QuestDbVersions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The preflight checks on one host's facts: pure, shared by {@code qfleet plan} (which shows
 * every check) and the preflight step of a run (which fails on the first that does not pass).
 */
public final class Preflight {
    private Preflight() {}

    /** One check: what was checked, whether it passed, and the detail an operator needs. */
    public record Check(String name, boolean ok, String detail) {}

    /**
     * What the fleet file asks for.
     *
     * @param version the target version
     * @param name what the distribution's file name says (edition, arch), or nothing
     * @param distributionBytes its size, for the staging space check
     * @param backupCompression the compression of the backup the run takes before stopping the host ("zstd", "gzip",
     *     "none"; "" for the agent's default, zstd), or null when it takes none ({@code --skip-backup})
     * @param confKeys the server.conf keys the target's questdb.jar knows ({@code DistributionConfKeys}), or null
     *     when they cannot be known (an Enterprise or runtime distribution)
     */
    public record Goal(String version, DistributionName name, long distributionBytes, String backupCompression,
            Set<String> confKeys) {
        public Goal {
            requireNonNull(version, "version");
            requireNonNull(name, "name");
            confKeys = confKeys == null ? null : Set.copyOf(confKeys);
        }

        public Goal(String version, DistributionName name, long distributionBytes, String backupCompression) {
            this(version, name, distributionBytes, backupCompression, null);
        }

        public boolean backsUp() {
            return backupCompression != null;
        }

        /** This goal with the target's key list as read from its tarball (null: not known). */
        public Goal withConfKeys(Set<String> keys) {
            return new Goal(version, name, distributionBytes, backupCompression, keys);
        }

        /** This goal for a host whose own backup section chose {@code compression}; unchanged when the run takes no backup. */
        public Goal withBackupCompression(String compression) {
            return backsUp() ? new Goal(version, name, distributionBytes, compression, confKeys) : this;
        }
    }

    /** {@code sharedRoot}: the shared-storage guard's refusal of this host ({@link SharedRoots}), or null. */
    public static List<Check> checks(AgentFacts facts, Goal goal, String sharedRoot) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("agent facts complete", facts.problems().isEmpty(),
                facts.problems().isEmpty() ? "" : String.join("; ", facts.problems())));
        checks.add(new Check("QuestDB running", facts.questdbRunning(), facts.questdbRunning()
                ? "pid " + facts.questdbPid() : "QuestDB is not running; qfleet upgrades a running server (start it, then run again)"));
        String version = facts.questdbVersion();
        checks.add(new Check("version readable", !version.isEmpty(),
                version.isEmpty() ? "cannot read the running QuestDB version (SELECT build())" : version + " (" + facts.edition() + ")"));
        // Before the on-target shortcut: a host already on the target shares its data with the other all the same.
        checks.add(new Check("root not shared with another host", sharedRoot == null, sharedRoot == null ? "" : sharedRoot));
        // Before the on-target shortcut too: the TLS and admins steps restart QuestDB as well.
        checks.add(noRestorePending(facts.restoreTrigger()));
        if (otherEditionOfTheTargetVersion(facts, goal)) {
            checks.add(new Check("edition", false, "QuestDB " + version + " here is " + facts.edition() + ", the target "
                    + goal.version() + " is " + goal.name().edition() + " (from the distribution's name); check target.distribution"));
            return checks;
        }
        if (alreadyOnTarget(facts, goal)) {
            return checks;
        }
        checks.add(enterpriseStateOnOpenSource(facts));
        checks.add(oneWay(facts, goal));
        if (!goal.name().arch().isEmpty()) {
            String hostArch = arch(facts.osArch());
            boolean fits = hostArch.isEmpty() || hostArch.equals(goal.name().arch());
            checks.add(new Check("distribution fits this host", fits, fits ? "" : "the distribution is for linux/"
                    + goal.name().arch() + ", this host is " + facts.osArch() + "; use the " + hostArch + " tarball"));
        }
        Check confKeys = confKeysKnown(facts.serverConf(), goal);
        if (confKeys != null) {
            checks.add(confKeys);
        }
        checks.add(new Check("WAL tables applied, none suspended", facts.walTablesHealthy(), facts.walTablesHealthy() ? ""
                : "WAL tables not healthy (suspended: " + String.join(", ", facts.suspendedTables())
                        + "); resume them with ALTER TABLE ... RESUME WAL first"));
        long needed = 3 * goal.distributionBytes();
        checks.add(new Check("free disk for staging", facts.diskFreeBytes() >= needed,
                (facts.diskFreeBytes() >= needed ? "" : "not enough free disk for staging: ") + facts.diskFreeBytes()
                        + " bytes free, " + needed + " needed (3x the distribution)"));
        if (goal.backsUp()) {
            checks.add(backupRestorable(facts));
            if (facts.backupDirFreeBytes() != null) { // agents older than the fact: the backup step checks the room itself
                long archive = BackupRoom.bytes(facts.rootSizeBytes(), goal.backupCompression()); // as the agent's own check
                boolean room = facts.backupDirFreeBytes() >= archive;
                checks.add(new Check("free disk for the backup", room, (room ? "" : "not enough free disk in backup_dir for the "
                        + "backup: ") + facts.backupDirFreeBytes() + " bytes free, about " + archive + " needed (the root's "
                        + facts.rootSizeBytes() + " bytes compressed, pessimistically, plus 64 MiB)"));
            }
        }
        return checks;
    }

    /**
     * Keys server.conf sets that the running version knows and the target does not: under strict validation
     * the target's first start exits 55 on them, after the stop (QUESTDB.md 5, 8.2). The stage step refuses
     * them too, with the binaries themselves; here the plan shows it before anything is staged. Null (no
     * check shown) where it cannot be told: strict validation off (unknown keys only warn), or a key list
     * not known on either side (an Enterprise or runtime distribution, an older agent).
     */
    static Check confKeysKnown(AgentFacts.ConfFile conf, Goal goal) {
        if (conf == null || !conf.strictValidation() || conf.keysInstalledKnows() == null || goal.confKeys() == null) {
            return null;
        }
        List<String> dropped = conf.keysInstalledKnows().stream().filter(k -> !goal.confKeys().contains(k)).toList();
        return new Check("server.conf keys known to the target", dropped.isEmpty(), dropped.isEmpty() ? "" : "server.conf sets "
                + String.join(", ", dropped) + ", which QuestDB " + goal.version() + " no longer knows: with config.validation.strict"
                + "=true its first start would exit 55 after the stop; remove " + (dropped.size() == 1 ? "it" : "them")
                + " (or set config.validation.strict=false) and plan again");
    }

    /** The data directories a backup archives besides the root (the agent's BackupSources), by our name. */
    private static final List<String> DATA_DIRS = List.of("db", "sql_copy_input", "sql_copy_export");

    /**
     * Data kept outside the root (an absolute {@code cairo.root}, {@code cairo.sql.copy.root} or
     * {@code cairo.sql.copy.export.root}) is archived by the backup, but the agent's restore cannot put
     * it back yet (it writes only inside its allow-list, and moves trees by renames within one file
     * system): refused here, before anything changes, rather than found out when the backup is needed
     * after the point of no return.
     */
    private static Check backupRestorable(AgentFacts facts) {
        String name = "backup can be restored";
        if (facts.questdbRoot().isEmpty()) {
            return new Check(name, true, "");
        }
        Path root = Path.of(facts.questdbRoot()).normalize();
        for (String dir : DATA_DIRS) {
            String value = facts.roots().get(dir);
            if (value != null && !root.resolve(value).normalize().startsWith(root)) {
                return new Check(name, false, "QuestDB keeps its " + dir + " dir at " + value + ", outside its root " + root
                        + ": a backup would archive it, but qfleet cannot restore data kept outside the root yet, so nothing "
                        + "could undo this host after the point of no return; move it under the root, or run with --skip-backup "
                        + "(keeping a backup of your own)");
            }
        }
        return new Check(name, true, "");
    }

    /** Running the target version, in the target's edition where the distribution's name says it. */
    public static boolean alreadyOnTarget(AgentFacts facts, Goal goal) {
        return facts.questdbRunning() && facts.questdbVersion().equals(goal.version()) && !otherEditionOfTheTargetVersion(facts, goal);
    }

    /**
     * What a host already on the target still goes through ({@link HostWorkflow#finishing}: empty when
     * nothing is left), or null for a host not on the target (it migrates). One rule for the plan, its
     * server.conf preview and the run's preflight, so the three agree.
     */
    public static List<Step> finishing(AgentFacts facts, Goal goal, List<Step> path, Role role) {
        return alreadyOnTarget(facts, goal) ? HostWorkflow.finishing(path, missingEnterpriseSteps(facts, path, role)) : null;
    }

    /**
     * The Enterprise steps of {@code path} whose settings this host's server.conf lacks: TLS without
     * {@code tls.enabled=true}, admins while the built-in admin is not disabled, replication while
     * {@code replication.role} is not {@code role} (the host's role in the fleet file, null without
     * replication). For a host {@link #alreadyOnTarget} they are what a run still has to do
     * ({@link HostWorkflow#finishing}). A step that failed after writing its key is the retry's to
     * find ({@code qfleet resume --retry-failed} runs it again), not this check's.
     */
    public static Set<Step> missingEnterpriseSteps(AgentFacts facts, List<Step> path, Role role) {
        Set<Step> missing = EnumSet.noneOf(Step.class);
        if (path.contains(Step.TLS) && !facts.tlsEnabled()) {
            missing.add(Step.TLS);
        }
        if (path.contains(Step.ADMINS) && !facts.builtinAdminDisabled()) {
            missing.add(Step.ADMINS);
        }
        if (path.contains(Step.REPLICATION) && (role == null || !facts.replicationRole().equals(role.label()))) {
            missing.add(Step.REPLICATION);
        }
        return missing;
    }

    private static boolean otherEditionOfTheTargetVersion(AgentFacts facts, Goal goal) {
        String target = goal.name().edition();
        return facts.questdbVersion().equals(goal.version()) && !target.isEmpty() && !facts.edition().isEmpty()
                && !facts.edition().equals(target);
    }

    /** {@code trigger}: the facts' {@code _restore} file, "" for none, null from an agent that predates the fact. */
    private static Check noRestorePending(String trigger) {
        String name = "no restore pending";
        if (trigger == null) {
            return new Check(name, true, "not checked: this host's agent predates the check; upgrade it to have a _restore "
                    + "left in the root found before the new binaries' first start");
        }
        return new Check(name, trigger.isEmpty(), trigger.isEmpty() ? "" : trigger + " is there: at its next start QuestDB would "
                + "recover from the checkpoint beside it, rolling the data back to that checkpoint (or, with none, refuse to start); "
                + "remove it unless a restore is meant, then plan again");
    }

    /**
     * A migration goes one way: from Open Source to Enterprise, from an older version to a newer one. An Enterprise root
     * opened by Open Source loses its access control and replication state, and a version older than the running one may
     * not read metadata the running one already migrated (QuestDB upgrades metadata on first start, never back).
     * Versions are compared within one edition only (Enterprise 3.x follows Open Source 9.x), and only where the
     * distribution's name says its edition.
     */
    private static Check oneWay(AgentFacts facts, Goal goal) {
        String name = "a migration forward, not back";
        String target = goal.name().edition();
        if (facts.edition().equals(DistributionName.ENTERPRISE) && target.equals(DistributionName.OPEN_SOURCE)) {
            return new Check(name, false, "QuestDB " + facts.questdbVersion() + " here is Enterprise and the target " + goal.version()
                    + " is Open Source (from the distribution's name): data must never move back from Enterprise to Open Source; "
                    + "check target.distribution");
        }
        if (!target.isEmpty() && target.equals(facts.edition()) && olderThan(goal.version(), facts.questdbVersion())) {
            return new Check(name, false, "the target " + goal.version() + " is older than QuestDB " + facts.questdbVersion()
                    + " here: qfleet does not downgrade (the running version may have migrated table metadata that "
                    + goal.version() + " cannot read); to go back, restore a backup taken before the upgrade");
        }
        return new Check(name, true, "");
    }

    /** {@code a} before {@code b} as QuestDB numbers its versions ({@link QuestDbVersions}, which the agent's stage step uses too). */
    static boolean olderThan(String a, String b) {
        return QuestDbVersions.older(a, b);
    }

    /**
     * Enterprise files under the root of an Open Source server: QuestDB's migration page says upgrade
     * in place and never copy data between editions (QUESTDB.md section 6); such a root came from an
     * Enterprise install, or an Enterprise start already rewrote it.
     */
    private static Check enterpriseStateOnOpenSource(AgentFacts facts) {
        boolean refused = facts.edition().equals(DistributionName.OPEN_SOURCE) && !facts.enterpriseState().isEmpty();
        if (!refused) {
            return new Check("no Enterprise state under an Open Source server", true, "");
        }
        List<String> found = facts.enterpriseState();
        return new Check("no Enterprise state under an Open Source server", false, found.get(0)
                + (found.size() > 1 ? " (and " + (found.size() - 1) + " more Enterprise files)" : "")
                + " is Enterprise state, but QuestDB " + facts.questdbVersion() + " here is Open Source: the data was copied "
                + "from an Enterprise install or an Enterprise start already ran on it, and data must never move between "
                + "editions; put back this host's own Open Source backup, or take the host out of the fleet file");
    }

    /** Java's {@code os.arch} spelled as tarball names spell it; accepts "linux/amd64" too. */
    static String arch(String osArch) {
        String a = osArch.substring(osArch.lastIndexOf('/') + 1).strip().toLowerCase(Locale.ROOT);
        return switch (a) {
            case "x86_64", "x86-64", "x64" -> "amd64";
            case "arm64" -> "aarch64";
            default -> a;
        };
    }

    /** The first failed check as one line, or null when every check passed. */
    public static String firstFailure(List<Check> checks) {
        return checks.stream().filter(c -> !c.ok())
                .map(c -> c.detail().isEmpty() ? c.name() + " failed" : c.detail())
                .findFirst().orElse(null);
    }
}
