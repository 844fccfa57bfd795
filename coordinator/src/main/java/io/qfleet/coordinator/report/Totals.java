package io.qfleet.coordinator.report;

import java.time.Duration;
import java.util.List;

/**
 * Fleet totals. {@code totalDowntime} sums every host's window (open windows up to the end of the
 * journal); {@code longestDowntimeHost} is null when no host was stopped; {@code openDowntime}
 * counts hosts that had not come back when the journal ended.
 */
public record Totals(
        int hosts,
        int migrated,
        int failed,
        int rolledBack,
        int notStarted,
        int inProgress,
        Duration totalDowntime,
        Duration longestDowntime,
        String longestDowntimeHost,
        int openDowntime) {

    static Totals of(List<HostReport> hosts) {
        int[] counts = new int[HostState.values().length];
        Duration total = Duration.ZERO;
        Duration longest = Duration.ZERO;
        String longestHost = null;
        int open = 0;
        for (HostReport host : hosts) {
            counts[host.state().ordinal()]++;
            Downtime downtime = host.downtime();
            if (downtime == null) {
                continue;
            }
            total = total.plus(downtime.duration());
            if (longestHost == null || downtime.duration().compareTo(longest) > 0) {
                longest = downtime.duration();
                longestHost = host.name();
            }
            open += downtime.open() ? 1 : 0;
        }
        return new Totals(hosts.size(), counts[HostState.MIGRATED.ordinal()], counts[HostState.FAILED.ordinal()],
                counts[HostState.ROLLED_BACK.ordinal()], counts[HostState.NOT_STARTED.ordinal()],
                counts[HostState.IN_PROGRESS.ordinal()], total, longest, longestHost, open);
    }

    public int count(HostState state) {
        return switch (state) {
            case MIGRATED -> migrated;
            case FAILED -> failed;
            case ROLLED_BACK -> rolledBack;
            case NOT_STARTED -> notStarted;
            case IN_PROGRESS -> inProgress;
        };
    }
}
