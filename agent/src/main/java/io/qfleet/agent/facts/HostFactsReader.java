package io.qfleet.agent.facts;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.backup.RestoreLayout;
import io.qfleet.agent.install.DistributionInfo;
import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.questdb.BuildInfo;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.questdb.ReleaseProbe;
import io.qfleet.agent.questdb.TableInfo;
import io.qfleet.agent.questdb.WalTableState;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.step.BuiltinAdmin;
import io.qfleet.agent.step.QuestDbHost;
import io.qfleet.agent.step.RemovedConfKeys;
import io.qfleet.agent.step.Sha256;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the host's facts; never changes anything. What cannot be read becomes a line in
 * {@code problems} rather than an error, so preflight sees everything at once.
 */
public final class HostFactsReader implements Supplier<HostFacts> {
    private static final Duration SETTINGS_TIMEOUT = Duration.ofSeconds(5);
    private final QuestDbHost host;
    private final String agentVersion;

    public HostFactsReader(QuestDbHost host, String agentVersion) {
        this.host = requireNonNull(host, "host");
        this.agentVersion = requireNonNull(agentVersion, "agentVersion");
    }

    @Override
    public HostFacts get() {
        List<String> problems = new ArrayList<>();
        Optional<Long> pid = runningPid(problems);
        String version = "";
        Edition edition = Edition.UNKNOWN;
        String buildInfo = "";
        Map<String, String> roots = Map.of();
        boolean walHealthy = false;
        List<String> suspended = List.of();
        String releaseType = "";
        List<String> nonWal = List.of();
        if (pid.isPresent()) {
            try {
                QuestDbSql sql = host.sql();
                BuildInfo build = sql.build();
                version = build.version();
                buildInfo = build.raw();
                releaseType = ReleaseProbe.releaseType(host.endpoints().http(), SETTINGS_TIMEOUT);
                // build() first; /settings where build()'s wording is not one we know (Enterprise's was never observed).
                edition = build.edition() != Edition.UNKNOWN ? build.edition() : ReleaseProbe.edition(releaseType);
                roots = sql.roots(host.root());
                List<WalTableState> wal = sql.walTables();
                suspended = wal.stream().filter(WalTableState::suspended).map(WalTableState::name).toList();
                walHealthy = wal.stream().allMatch(WalTableState::caughtUp) && suspended.isEmpty();
                nonWal = sql.tables().stream().filter(t -> !t.wal()).map(TableInfo::name).sorted().toList();
            } catch (AgentException e) {
                problems.add(e.getMessage());
            }
        }
        DistributionInfo installedInfo = installed(problems);
        HostFacts.Installed installed = installedInfo == null ? null
                : new HostFacts.Installed(installedInfo.layout(), installedInfo.version(), installedInfo.edition(), installedInfo.main());
        ConfRead conf = confRead(installedInfo, pid);
        if (pid.isEmpty() && installed != null) {
            // The contract: from SELECT build() when running, else from the installed binaries.
            version = installed.version();
            edition = installed.edition();
        }
        return new HostFacts(agentVersion, hostname(), System.getProperty("os.name"), System.getProperty("os.arch"),
                host.root().toString(), host.installDir().toString(), pid.isPresent(), pid.orElse(0L), version, edition,
                buildInfo, roots, diskFree(host.root(), problems), treeSize(host.root(), problems), walHealthy, suspended,
                problems, installed, EnterpriseState.find(host.root(), dbDir(roots)), releaseType, nonWal, conf.get("replication.role"),
                "true".equalsIgnoreCase(conf.get("tls.enabled")), "false".equalsIgnoreCase(conf.get(BuiltinAdmin.ENABLED_KEY)),
                conf.file(), restoreTrigger(dbDir(roots), problems), diskFree(host.backups().dir(), problems));
    }

    /**
     * A {@code _restore} file where QuestDB looks for one: beside conf/ and db/ in the root, or beside a db dir
     * outside it (QUESTDB.md section 3). Left over from a manual restore, it rolls the data back to a stale
     * checkpoint at the next start, the first start of the new binaries included.
     */
    private String restoreTrigger(Path dbDir, List<String> problems) {
        for (Path trigger : List.of(host.root().resolve(RestoreLayout.RESTORE_TRIGGER),
                dbDir.toAbsolutePath().normalize().resolveSibling(RestoreLayout.RESTORE_TRIGGER))) {
            if (Files.exists(trigger, LinkOption.NOFOLLOW_LINKS)) {
                return trigger.toAbsolutePath().normalize().toString();
            }
            if (!Files.notExists(trigger, LinkOption.NOFOLLOW_LINKS)) { // neither: its directory cannot be read
                problems.add("cannot tell whether " + trigger + " exists (a _restore there would roll the data back at the next start)");
            }
        }
        return "";
    }

    /**
     * server.conf read once: its values, stripped ("" when unset), and the file's hash. An unreadable
     * file or one that is not properties syntax is preflight's business (the server.conf preview names
     * it), not these facts': its values read as unset, and a file that could be read keeps its hash.
     */
    private ConfRead confRead(DistributionInfo installed, Optional<Long> pid) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(host.confFile());
        } catch (NoSuchFileException e) {
            return new ConfRead(ServerConf.parse(""), new HostFacts.ConfFile(false, "", false, null));
        } catch (IOException e) {
            return new ConfRead(ServerConf.parse(""), null);
        }
        String sha256 = Sha256.of(bytes);
        ServerConf conf;
        try {
            // ISO-8859-1, as QuestDB's Properties.load reads it (ServerConf.read does the same).
            conf = ServerConf.parse(new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (AgentException e) {
            return new ConfRead(ServerConf.parse(""), new HostFacts.ConfFile(true, sha256, false, null));
        }
        boolean strict = RemovedConfKeys.strict(conf, host.startEnvironment(RemovedConfKeys.STRICT_ENV, pid));
        // For preflight's check against the target's list: the stage step's rule (RemovedConfKeys), run early.
        List<String> known = strict ? RemovedConfKeys.knownTo(conf, installed).map(List::copyOf).orElse(null) : null;
        return new ConfRead(conf, new HostFacts.ConfFile(true, sha256, strict, known));
    }

    private record ConfRead(ServerConf conf, HostFacts.ConfFile file) {
        String get(String key) {
            return conf.get(key).map(String::strip).orElse("");
        }
    }

    /** The db dir from the effective configuration when QuestDB told us, else {@code <root>/db}. */
    private Path dbDir(Map<String, String> roots) {
        String db = roots.get("db");
        return db != null ? Path.of(db) : host.root().resolve("db");
    }

    /** A unit that is not loaded or a systemctl that cannot run is a problem for preflight to show, not a failed call. */
    private Optional<Long> runningPid(List<String> problems) {
        try {
            return host.process().runningPid();
        } catch (AgentException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    private DistributionInfo installed(List<String> problems) {
        try {
            return DistributionLayout.describe(host.installDir());
        } catch (AgentException e) {
            problems.add("install dir " + host.installDir() + ": " + e.getMessage());
            return null;
        }
    }

    private static long diskFree(Path root, List<String> problems) {
        try {
            Path existing = root;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing == null ? 0 : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            problems.add("cannot read free disk space of " + root + ": " + e.getMessage());
            return 0;
        }
    }

    /** Bytes of the regular files under the root: what a backup reads, for the plan's estimate. */
    private static long treeSize(Path root, List<String> problems) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long[] total = {0};
        try {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE; // a file QuestDB just removed
                }
            });
        } catch (IOException e) {
            problems.add("cannot measure " + root + ": " + e.getMessage());
        }
        return total[0];
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }
}
