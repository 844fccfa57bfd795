package io.qfleet.coordinator.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a run of this fleet file would do now, host by host. Written as plan.json. {@code skipBackup}:
 * planned for {@code run --skip-backup}; null in plans older than the key (their hash covers it).
 */
public record Plan(
        @JsonProperty("plan_hash") String planHash,
        @JsonProperty("fleet_file") String fleetFile,
        @JsonProperty("fleet_sha256") String fleetSha256,
        @JsonProperty("target_version") String targetVersion,
        @JsonProperty("skip_backup") Boolean skipBackup,
        List<List<String>> waves,
        List<HostPlan> hosts,
        List<String> notes) {

    public Plan {
        waves = List.copyOf(waves);
        hosts = List.copyOf(hosts);
        notes = notes == null ? List.of() : List.copyOf(notes); // plans written before notes have none
    }

    /**
     * One host: its facts as read now, the checks, each step with whether it runs and why, and what
     * the run makes of its server.conf: the agent's unified diff against the file as it is now
     * (secrets as {@code ***}; "" when unchanged or unknown), which step writes which keys, and the
     * file's SHA-256 ("" when the host has none), which the fingerprint carries.
     */
    public record HostPlan(
            String name,
            String agent,
            String role,
            String cluster,
            boolean reachable,
            String fingerprint,
            @JsonProperty("questdb_version") String questdbVersion,
            String edition,
            @JsonProperty("questdb_running") boolean questdbRunning,
            List<Check> checks,
            List<PlannedStep> steps,
            @JsonProperty("server_conf_exists") boolean serverConfExists,
            @JsonProperty("server_conf_sha256") String serverConfSha256,
            @JsonProperty("server_conf_diff") String serverConfDiff,
            @JsonProperty("server_conf_writers") List<String> serverConfWriters) {}

    public record Check(String name, boolean ok, String detail) {}

    public record PlannedStep(String step, boolean runs, String why) {}

    public boolean ready() {
        return hosts.stream().allMatch(h -> h.reachable() && h.checks().stream().allMatch(Check::ok));
    }
}
