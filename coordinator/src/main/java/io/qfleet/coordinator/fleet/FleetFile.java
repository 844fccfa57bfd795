package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A validated fleet file: what to install, where, in which order, and how long each step may take. */
public record FleetFile(Target target, List<HostEntry> hosts, Timeouts timeouts, Rollout rollout, BackupSettings backup,
        Map<String, Timeouts> hostTimeouts, Map<String, BackupSettings> hostBackup, EnterpriseSettings enterprise) {

    public FleetFile {
        requireNonNull(target, "target");
        hosts = List.copyOf(requireNonNull(hosts, "hosts"));
        requireNonNull(timeouts, "timeouts");
        requireNonNull(rollout, "rollout");
        requireNonNull(backup, "backup");
        hostTimeouts = Map.copyOf(hostTimeouts);
        hostBackup = Map.copyOf(hostBackup);
        enterprise = enterprise == null ? EnterpriseSettings.NONE : enterprise;
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("hosts: [] (expected: at least one host)");
        }
    }

    /** Without Enterprise sections. */
    public FleetFile(Target target, List<HostEntry> hosts, Timeouts timeouts, Rollout rollout, BackupSettings backup,
            Map<String, Timeouts> hostTimeouts, Map<String, BackupSettings> hostBackup) {
        this(target, hosts, timeouts, rollout, backup, hostTimeouts, hostBackup, EnterpriseSettings.NONE);
    }

    /** With the default rollout: a canary, then the rest, one host down at a time. */
    public FleetFile(Target target, List<HostEntry> hosts, Timeouts timeouts) {
        this(target, hosts, timeouts, Rollout.DEFAULTS, BackupSettings.DEFAULTS, Map.of(), Map.of());
    }

    /** The host's own {@code timeouts}, or the fleet's. */
    public Timeouts timeoutsFor(String host) {
        return hostTimeouts.getOrDefault(host, timeouts);
    }

    /** The host's own {@code backup} settings, or the fleet's. */
    public BackupSettings backupFor(String host) {
        return hostBackup.getOrDefault(host, backup);
    }

    public Optional<HostEntry> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    public List<String> hostNames() {
        return hosts.stream().map(HostEntry::name).toList();
    }
}
