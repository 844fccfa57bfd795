package io.qfleet.coordinator.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/**
 * One line of a run journal (JSON, {@code "type"} names the record). Steps are named by
 * {@code Step.name()} ("HEALTH_GATE"), statuses by {@code HostStatus.label()} ("rolled_back").
 * Fields are only ever added, so an older journal still reads.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JournalEntry.RunStarted.class, name = "run_started"),
    @JsonSubTypes.Type(value = JournalEntry.RunResumed.class, name = "run_resumed"),
    @JsonSubTypes.Type(value = JournalEntry.WaveStarted.class, name = "wave_started"),
    @JsonSubTypes.Type(value = JournalEntry.StepStarted.class, name = "step_started"),
    @JsonSubTypes.Type(value = JournalEntry.StepFinished.class, name = "step_finished"),
    @JsonSubTypes.Type(value = JournalEntry.HostFinished.class, name = "host_finished"),
    @JsonSubTypes.Type(value = JournalEntry.RunFinished.class, name = "run_finished"),
    @JsonSubTypes.Type(value = JournalEntry.RollbackRequested.class, name = "rollback_requested"),
    @JsonSubTypes.Type(value = JournalEntry.HostFinalized.class, name = "host_finalized"),
})
public sealed interface JournalEntry {

    Instant time();

    /** First line: what the run is, so resume can refuse a changed fleet file. */
    record RunStarted(
            Instant time,
            @JsonProperty("run_id") String runId,
            @JsonProperty("fleet_file") String fleetFile,
            @JsonProperty("fleet_sha256") String fleetSha256,
            @JsonProperty("target_version") String targetVersion,
            List<String> hosts,
            List<List<String>> waves,
            // The host's forward steps (Step names); absent in journals written before the Enterprise steps.
            List<String> steps,
            // The distribution's SHA-256, naming its upload on the agents (finalize removes it); absent in older journals.
            @JsonProperty("target_sha256") String targetSha256) implements JournalEntry {
        public RunStarted(Instant time, String runId, String fleetFile, String fleetSha256, String targetVersion, List<String> hosts,
                List<List<String>> waves) {
            this(time, runId, fleetFile, fleetSha256, targetVersion, hosts, waves, null, null);
        }

        public RunStarted(Instant time, String runId, String fleetFile, String fleetSha256, String targetVersion, List<String> hosts,
                List<List<String>> waves, List<String> steps) {
            this(time, runId, fleetFile, fleetSha256, targetVersion, hosts, waves, steps, null);
        }
    }

    record RunResumed(Instant time, @JsonProperty("retry_failed") boolean retryFailed) implements JournalEntry {}

    /** {@code wave} counts from 1. */
    record WaveStarted(Instant time, int wave, List<String> hosts) implements JournalEntry {}

    record StepStarted(Instant time, String host, String step) implements JournalEntry {}

    /**
     * {@code version} is the QuestDB version a step read (preflight, health gate, rollback), else
     * empty; {@code rows} the row total it counted (inventory, verify, rollback), else -1;
     * {@code backupArchive} the archive a backup wrote on the host, else empty (absent before rollback from a backup existed);
     * {@code finishingSteps}: a preflight's word on a host already on the target, the Step names it
     * still goes through (empty: none); absent for other steps and in journals written before it.
     */
    record StepFinished(Instant time, String host, String step, boolean ok, String message, String version, long rows,
            boolean unreachable, @JsonProperty("backup_archive") String backupArchive,
            @JsonProperty("finishing_steps") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> finishingSteps)
            implements JournalEntry {
        public StepFinished {
            backupArchive = backupArchive == null ? "" : backupArchive;
        }

        public StepFinished(Instant time, String host, String step, boolean ok, String message, String version, long rows,
                boolean unreachable, String backupArchive) {
            this(time, host, step, ok, message, version, rows, unreachable, backupArchive, null);
        }

        public StepFinished(Instant time, String host, String step, boolean ok, String message, String version, long rows,
                boolean unreachable) {
            this(time, host, step, ok, message, version, rows, unreachable, "");
        }
    }

    record HostFinished(
            Instant time,
            String host,
            String status,
            @JsonProperty("version_before") String versionBefore,
            @JsonProperty("version_after") String versionAfter,
            @JsonProperty("rows_before") Long rowsBefore,
            @JsonProperty("rows_after") Long rowsAfter,
            String message,
            @JsonProperty("after_point_of_no_return") boolean afterPointOfNoReturn,
            boolean unreachable) implements JournalEntry {}

    /** {@code interrupted}: stopped by Ctrl-C (or a failure threshold) with hosts left; resumable. */
    record RunFinished(Instant time, boolean interrupted) implements JournalEntry {}

    /**
     * {@code qfleet rollback}: the operator asked for a migrated host to go back; its rollback from
     * the backup follows as steps, and {@code qfleet resume} finishes it after a crash.
     */
    record RollbackRequested(Instant time, String host) implements JournalEntry {}

    /**
     * {@code qfleet finalize} removed what the run kept on the host for its way back (previous
     * binaries, backup archive, upload): from here there is no rollback.
     */
    record HostFinalized(Instant time, String host, @JsonProperty("bytes_freed") long bytesFreed) implements JournalEntry {}
}
