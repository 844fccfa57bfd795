package io.qfleet.coordinator.progress;

import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.Step;
import java.time.Duration;
import java.util.List;

/**
 * What the workflow engine tells the operator. Every {@code stepStarted} is followed by exactly
 * one {@code stepFinished} for the same host and step. Callbacks are quick, never throw and never
 * call back into the engine; they may come from several threads (one per host in flight), so
 * implementations synchronise their output.
 */
public interface ProgressListener {

    void runStarted(String runId, List<String> hosts, String targetVersion);

    /** A wave of the switch steps begins; {@code wave} counts from 1. Hosts of earlier phases may still be staging. */
    default void waveStarted(int wave, int waves, List<String> hosts) {}

    void stepStarted(String host, Step step);

    /**
     * Progress inside a step. {@code done}/{@code total} are 0 when the step has no size;
     * {@code unit} is "bytes", "rows", "tables" or empty.
     */
    void stepProgress(String host, Step step, String message, long done, long total, String unit);

    void stepFinished(String host, Step step, boolean ok, String message, Duration took);

    void hostFinished(HostSummary summary);

    void runFinished(List<HostSummary> hosts);
}
