package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.journal.JournalEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds every host's {@link HostRun} from a journal through the same transitions the engine
 * applied. Pure. A step journaled as started but not finished comes back as running, so the
 * engine re-attaches to its operation instead of starting it again.
 */
public final class RunReplay {
    private RunReplay() {}

    public static Map<String, HostRun> replay(List<JournalEntry> entries, String targetVersion) {
        List<Step> path = entries.stream().filter(JournalEntry.RunStarted.class::isInstance).map(JournalEntry.RunStarted.class::cast)
                .map(JournalEntry.RunStarted::steps).filter(java.util.Objects::nonNull).findFirst()
                .map(steps -> steps.stream().map(Step::valueOf).toList()).orElse(HostWorkflow.FORWARD);
        return replay(entries, targetVersion, host -> path);
    }

    /** As {@link #replay(List, String)}, each host on its own forward path (a primary's and a replica's differ). */
    public static Map<String, HostRun> replay(List<JournalEntry> entries, String targetVersion,
            java.util.function.Function<String, List<Step>> paths) {
        Map<String, HostRun> runs = new LinkedHashMap<>();
        for (JournalEntry entry : entries) {
            if (entry instanceof JournalEntry.StepStarted started) {
                HostRun run = runs.computeIfAbsent(started.host(), h -> HostRun.begin(h, targetVersion, paths.apply(h)));
                if (!run.running()) {
                    runs.put(started.host(), run.stepStarted(Step.valueOf(started.step())));
                }
            } else if (entry instanceof JournalEntry.StepFinished f) {
                HostRun run = runs.get(f.host());
                if (run == null) {
                    throw new IllegalStateException("journal: " + f.host() + " " + f.step() + " finished but never started");
                }
                runs.put(f.host(), run.stepFinished(Step.valueOf(f.step()), f.ok(), f.message(), f.version(), f.rows(), f.unreachable(),
                        f.backupArchive(), f.finishingSteps() == null ? null : f.finishingSteps().stream().map(Step::valueOf).toList()));
            } else if (entry instanceof JournalEntry.RollbackRequested requested) {
                HostRun run = runs.get(requested.host());
                if (run == null) {
                    throw new IllegalStateException("journal: rollback of " + requested.host() + ", which never ran");
                }
                runs.put(requested.host(), run.rollbackRequested());
            } else if (entry instanceof JournalEntry.RunResumed resumed && resumed.retryFailed()) {
                runs.replaceAll((host, run) -> run.retryable() ? run.retry() : run);
            }
        }
        return runs;
    }
}
