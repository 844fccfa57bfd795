package io.qfleet.coordinator.workflow;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished run: every host's summary, plus what decides the exit code: whether a failed host
 * had crossed the point of no return or failed in an Enterprise step (either way its host changed:
 * {@link HostRun#failedAfterChanges()}), and whether an agent could not be reached.
 */
public record RunResult(List<HostSummary> hosts, boolean failedAfterPointOfNoReturn, boolean agentUnreachable, Path report) {

    public RunResult {
        hosts = List.copyOf(hosts);
    }

    /** The same result with the path of the run's HTML report. */
    public RunResult withReport(Path html) {
        return new RunResult(hosts, failedAfterPointOfNoReturn, agentUnreachable, html);
    }

    public boolean allMigrated() {
        return hosts.stream().allMatch(h -> h.status() == HostStatus.MIGRATED);
    }
}
