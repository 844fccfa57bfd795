package io.qfleet.coordinator.workflow;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.fleet.EnterpriseSettings;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.ObjectStoreString;
import io.qfleet.coordinator.fleet.Role;
import io.qfleet.coordinator.fleet.Timeouts;
import java.nio.file.Path;

/**
 * What one run does to every host: the target and the time each kind of step may take; an agent gone
 * silent is waited for {@code agentGraceSeconds} past a step's own bound.
 */
public record RunSpec(
        String runId,
        Path distribution,
        String sha256,
        String targetVersion,
        int stopTimeoutSeconds,
        int healthGateTimeoutSeconds,
        int walApplyTimeoutSeconds,
        Backup backup,
        EnterpriseSettings enterprise,
        HostReplication replication,
        int agentGraceSeconds) {

    /** The backup step: skipped only when the operator said so; then nothing can undo a failed verify. */
    public record Backup(boolean enabled, String compression, int level, int workers, int timeoutSeconds) {}

    /**
     * This host's part in replication. {@code objectStore} is secret ({@link #toString()} masks it);
     * {@code primary} is the host a replica is seeded from (null for a primary).
     */
    public record HostReplication(Role role, String cluster, String objectStore, String instanceId, boolean clearFsStore,
            HostEntry primary) {
        public HostReplication {
            requireNonNull(role, "role");
            requireNonNull(objectStore, "objectStore");
        }

        @Override
        public String toString() {
            return "HostReplication[" + role.label() + " of " + cluster + ", " + ObjectStoreString.masked(objectStore) + ", " + instanceId + "]";
        }
    }

    private static final int DEFAULT_AGENT_GRACE_SECONDS = (int) Timeouts.DEFAULTS.agentGrace().toSeconds();

    public RunSpec {
        requireNonNull(runId, "runId");
        requireNonNull(distribution, "distribution");
        requireNonNull(sha256, "sha256");
        requireNonNull(targetVersion, "targetVersion");
        requireNonNull(backup, "backup");
        enterprise = enterprise == null ? EnterpriseSettings.NONE : enterprise;
    }

    /** Without replication. */
    public RunSpec(String runId, Path distribution, String sha256, String targetVersion, int stopTimeoutSeconds,
            int healthGateTimeoutSeconds, int walApplyTimeoutSeconds, Backup backup, EnterpriseSettings enterprise) {
        this(runId, distribution, sha256, targetVersion, stopTimeoutSeconds, healthGateTimeoutSeconds, walApplyTimeoutSeconds, backup,
                enterprise, null, DEFAULT_AGENT_GRACE_SECONDS);
    }

    /** Without Enterprise steps. */
    public RunSpec(String runId, Path distribution, String sha256, String targetVersion, int stopTimeoutSeconds,
            int healthGateTimeoutSeconds, int walApplyTimeoutSeconds, Backup backup) {
        this(runId, distribution, sha256, targetVersion, stopTimeoutSeconds, healthGateTimeoutSeconds, walApplyTimeoutSeconds, backup,
                EnterpriseSettings.NONE, null, DEFAULT_AGENT_GRACE_SECONDS);
    }

    /** The steps every host of this run goes through. */
    public java.util.List<Step> path() {
        return HostWorkflow.forward(enterprise.tls() != null, !enterprise.admins().isEmpty(),
                replication == null ? null : replication.role());
    }

    /**
     * Operation ids are derived, so a repeated start of the same step is recognised by the agent;
     * a retried host ({@code attempt} > 1) gets new ones, so the agent runs its steps again.
     */
    String operationId(String host, int attempt, String step) {
        return operationId(runId, host, attempt, step);
    }

    /** The id of {@code step}'s operation for {@code host} in run {@code runId}, attempt {@code attempt}. */
    static String operationId(String runId, String host, int attempt, String step) {
        return runId + "." + host + (attempt > 1 ? ".a" + attempt : "") + "." + step;
    }
}
