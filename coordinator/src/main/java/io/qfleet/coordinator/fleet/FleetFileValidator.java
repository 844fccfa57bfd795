package io.qfleet.coordinator.fleet;

import io.qfleet.coordinator.fleet.FleetDocument.HostDocument;
import io.qfleet.coordinator.fleet.FleetDocument.TargetDocument;
import io.qfleet.coordinator.fleet.FleetDocument.BackupDocument;
import io.qfleet.coordinator.fleet.FleetDocument.TimeoutsDocument;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks the values of a bound {@link FleetDocument} and turns it into a {@link FleetFile}. */
final class FleetFileValidator {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+)*([-+][0-9A-Za-z.+-]+)?");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
    /** {@code host:port} or {@code [ipv6]:port}. */
    private static final Pattern AGENT = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^\\s:\\[\\]/]+)):([0-9]{1,5})");

    private final Path baseDir;
    private final Problems problems;

    FleetFileValidator(Path baseDir, Problems problems) {
        this.baseDir = baseDir;
        this.problems = problems;
    }

    FleetFile validate(FleetDocument document) {
        KeyPath root = KeyPath.ROOT;
        Target target = target(document.target(), root.key("target"));
        List<HostEntry> hosts = hosts(document.hosts(), root.key("hosts"));
        Timeouts timeouts = timeouts(document.timeouts(), root.key("timeouts"), Timeouts.DEFAULTS);
        Rollout rollout = new RolloutValidator(problems).rollout(document.rollout(), root.key("rollout"));
        BackupSettings backup = backup(document.backup(), root.key("backup"), BackupSettings.DEFAULTS);
        // Per-host sections override the fleet's, key by key.
        Map<String, Timeouts> hostTimeouts = new HashMap<>();
        Map<String, BackupSettings> hostBackup = new HashMap<>();
        for (int i = 0; i < document.hosts().size(); i++) {
            HostDocument host = document.hosts().get(i);
            if (host.timeouts() != null) {
                hostTimeouts.put(hosts.get(i).name(), timeouts(host.timeouts(), root.key("hosts").index(i).key("timeouts"), timeouts));
            }
            if (host.backup() != null) {
                hostBackup.put(hosts.get(i).name(), backup(host.backup(), root.key("hosts").index(i).key("backup"), backup));
            }
        }
        AgentAccess agents = new AgentAccessValidator(baseDir, problems).agents(document.agents(), root.key("agents"), hosts);
        EnterpriseSettings enterprise = new EnterpriseValidator(problems).enterprise(document, root);
        ReplicationSettings replication = new ReplicationValidator(problems).replication(document.replication(), root.key("replication"), hosts);
        if (replication != null) {
            enterprise = new EnterpriseSettings(enterprise.tls(), enterprise.admins(), enterprise.stepByStep(), replication,
                    enterprise.access());
        }
        return new FleetFile(target, hosts, timeouts, rollout, backup, hostTimeouts, hostBackup, agents, enterprise);
    }

    private Target target(TargetDocument target, KeyPath path) {
        if (target == null) {
            throw problems.at(path, "no value (expected keys: distribution, sha256, version)");
        }
        Path distribution = distribution(target.distribution(), path.key("distribution"));
        KeyPath shaPath = path.key("sha256");
        String sha256 = text(target.sha256(), shaPath, "expected 64 hex digits");
        if (!SHA256.matcher(sha256).matches()) {
            throw problems.at(shaPath, problems.shown(shaPath, sha256) + " is not a SHA-256 (expected 64 hex digits)");
        }
        KeyPath versionPath = path.key("version");
        String version = text(target.version(), versionPath, "expected e.g. 9.2.2");
        if (!VERSION.matcher(version).matches()) {
            throw problems.at(versionPath, problems.shown(versionPath, version)
                    + " is not a version (expected digits and dots, e.g. 9.2.2)");
        }
        return new Target(distribution, sha256.toLowerCase(Locale.ROOT), version);
    }

    private Path distribution(String value, KeyPath path) {
        String text = text(value, path, "expected the path of the QuestDB distribution archive");
        return FleetPaths.existingFile(baseDir, text, path, "the QuestDB distribution archive", problems);
    }

    private List<HostEntry> hosts(List<HostDocument> documents, KeyPath path) {
        if (documents == null) {
            throw problems.at(path, "no value (expected a list of hosts, each with name and agent)");
        }
        if (documents.isEmpty()) {
            throw problems.at(path, "the list is empty (expected at least one host)");
        }
        Set<String> names = new HashSet<>();
        Set<String> agents = new HashSet<>();
        Set<String> primaries = new HashSet<>();
        List<HostEntry> hosts = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            KeyPath at = path.index(i);
            HostDocument document = documents.get(i);
            if (document == null) {
                throw problems.at(at, "no value (expected keys: name, agent)");
            }
            HostEntry host = host(document, at);
            if (!names.add(host.name())) {
                throw problems.at(at.key("name"), problems.shown(at.key("name"), document.name())
                        + " is used twice (host names must be unique)");
            }
            if (!agents.add(host.agentAddress().toLowerCase(Locale.ROOT))) {
                throw problems.at(at.key("agent"), problems.shown(at.key("agent"), document.agent())
                        + " is used twice (agent addresses must be unique)");
            }
            if (host.role() == Role.PRIMARY && !primaries.add(host.cluster())) {
                throw problems.at(at.key("role"), "cluster '" + host.cluster() + "' has a second primary (expected one per cluster)");
            }
            hosts.add(host);
        }
        return hosts;
    }

    private HostEntry host(HostDocument host, KeyPath path) {
        KeyPath namePath = path.key("name");
        String name = text(host.name(), namePath, "expected a host name, e.g. db-1");
        if (!HOST_NAME.matcher(name).matches()) {
            throw problems.at(namePath, problems.shown(namePath, name) + " is not a host name"
                    + " (expected 1-63 of a-z, 0-9, '.' and '-', starting with a letter or digit)");
        }
        KeyPath agentPath = path.key("agent");
        String agent = text(host.agent(), agentPath, "expected host:port, e.g. 127.0.0.2:7001");
        Matcher m = AGENT.matcher(agent);
        if (!m.matches()) {
            throw problems.at(agentPath, problems.shown(agentPath, agent)
                    + " is not host:port (expected e.g. 127.0.0.2:7001)");
        }
        int port = Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw problems.at(agentPath, problems.shown(agentPath, agent) + " has port " + port
                    + " (expected 1-65535)");
        }
        Role role = role(host.role(), path.key("role"));
        String cluster = host.cluster() == null ? "" : host.cluster().trim();
        if (role == Role.STANDALONE && !cluster.isEmpty()) {
            throw problems.at(path.key("cluster"), "a standalone host has no cluster (set role: primary or replica)");
        }
        if (role != Role.STANDALONE && !HOST_NAME.matcher(cluster).matches()) {
            // Point at the cluster key when it was written, else at the role that asks for one.
            throw problems.at(path.key(host.cluster() == null ? "role" : "cluster"),
                    "a " + role.label() + " needs a cluster name (expected e.g. cluster: trades)");
        }
        return new HostEntry(name, m.group(1) != null ? m.group(1) : m.group(2), port, role, cluster);
    }

    private Role role(String value, KeyPath path) {
        if (value == null || value.isBlank()) {
            return Role.STANDALONE;
        }
        for (Role role : Role.values()) {
            if (role.label().equals(value.trim())) {
                return role;
            }
        }
        throw problems.at(path, problems.shown(path, value) + " is not a role (expected standalone, primary or replica)");
    }

    private BackupSettings backup(BackupDocument backup, KeyPath path, BackupSettings defaults) {
        if (backup == null) {
            return defaults;
        }
        String compression = backup.compression() == null ? defaults.compression() : backup.compression().trim();
        int maxLevel = switch (compression) {
            case "zstd" -> 19;
            case "gzip" -> 9;
            case "none" -> 0;
            default -> throw problems.at(path.key("compression"), problems.shown(path.key("compression"), compression)
                    + " is not a compression (expected zstd, gzip or none)");
        };
        // A level belongs to its compression: a host that changes the compression does not inherit it.
        int level = backup.level() != null ? backup.level() : compression.equals(defaults.compression()) ? defaults.level() : 0;
        if (level < 0 || level > maxLevel) {
            throw problems.at(path.key("level"), level + " is not a " + compression + " level (expected 0-" + maxLevel
                    + "; 0 = the agent's default)");
        }
        int workers = backup.workers() == null ? defaults.workers() : backup.workers();
        if (workers < 0) {
            throw problems.at(path.key("workers"), workers + " is negative (expected 0 = one per core, or a count)");
        }
        return new BackupSettings(compression, level, workers,
                seconds(backup.timeoutSeconds(), path.key("timeout_seconds"), defaults.timeout()));
    }

    private Timeouts timeouts(TimeoutsDocument timeouts, KeyPath path, Timeouts defaults) {
        if (timeouts == null) {
            return defaults;
        }
        return new Timeouts(
                seconds(timeouts.stopSeconds(), path.key("stop_seconds"), defaults.stop()),
                seconds(timeouts.healthGateSeconds(), path.key("health_gate_seconds"), defaults.healthGate()),
                seconds(timeouts.walApplySeconds(), path.key("wal_apply_seconds"), defaults.walApply()),
                seconds(timeouts.agentGraceSeconds(), path.key("agent_grace_seconds"), defaults.agentGrace()));
    }

    private Duration seconds(Integer value, KeyPath path, Duration defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        if (value <= 0) {
            throw problems.at(path, problems.shown(path, value.toString())
                    + " is not positive (expected a number of seconds > 0)");
        }
        return Duration.ofSeconds(value);
    }

    private String text(String value, KeyPath path, String hint) {
        if (value == null || value.isBlank()) {
            throw problems.at(path, "no value (" + hint + ")");
        }
        return value;
    }
}
