package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.progress.ProgressListener;
import java.time.Duration;
import java.util.List;

/** A progress listener that shows nothing, for engine tests that read the result and the journal. */
final class SilentListener implements ProgressListener {
    @Override
    public void runStarted(String runId, List<String> hosts, String targetVersion) {
    }

    @Override
    public void stepStarted(String host, Step step) {
    }

    @Override
    public void stepProgress(String host, Step step, String message, long done, long total, String unit) {
    }

    @Override
    public void stepFinished(String host, Step step, boolean ok, String message, Duration took) {
    }

    @Override
    public void hostFinished(HostSummary summary) {
    }

    @Override
    public void runFinished(List<HostSummary> hosts) {
    }
}
