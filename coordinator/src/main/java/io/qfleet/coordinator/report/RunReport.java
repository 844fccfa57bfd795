package io.qfleet.coordinator.report;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.journal.JournalEntry;
import java.time.Instant;
import java.util.List;

/**
 * A run as its journal tells it: pure, built by {@link #from(List)}, rendered by
 * {@link TextReport}, {@link JsonReport} and {@link HtmlReport}. {@code finished} is the time of the
 * last {@code run_finished}, null when {@code state} is {@link RunState#INCOMPLETE};
 * {@code lastEntry} is the latest time in the journal; {@code resumes} lists when the run was
 * resumed. Hosts are in fleet file order.
 */
public record RunReport(
        String runId,
        String fleetFile,
        String targetVersion,
        Instant started,
        Instant finished,
        Instant lastEntry,
        RunState state,
        List<Instant> resumes,
        List<HostReport> hosts,
        Totals totals) {

    public RunReport {
        requireNonNull(runId, "runId");
        requireNonNull(started, "started");
        requireNonNull(lastEntry, "lastEntry");
        requireNonNull(state, "state");
        fleetFile = fleetFile == null ? "" : fleetFile;
        targetVersion = targetVersion == null ? "" : targetVersion;
        resumes = List.copyOf(resumes);
        hosts = List.copyOf(hosts);
        requireNonNull(totals, "totals");
    }

    /**
     * Replays a journal's entries, in order.
     *
     * @throws IllegalArgumentException if they are not a run's journal (no {@code run_started}, an
     *     unknown step or status)
     */
    public static RunReport from(List<JournalEntry> entries) {
        return new JournalReplay(requireNonNull(entries, "entries")).report();
    }

    /** How many times the run was resumed. */
    public int resumed() {
        return resumes.size();
    }
}
