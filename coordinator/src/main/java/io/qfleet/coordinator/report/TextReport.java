package io.qfleet.coordinator.report;

import static io.qfleet.coordinator.report.ReportFormat.change;
import static io.qfleet.coordinator.report.ReportFormat.duration;
import static io.qfleet.coordinator.report.ReportFormat.oneLine;
import static io.qfleet.coordinator.report.ReportFormat.pad;
import static io.qfleet.coordinator.report.ReportFormat.time;
import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.workflow.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary an operator reads first: a header, one line per host, then the problems (failed,
 * rolled back, unknown) with the step that caused them, and the hosts not started.
 * <pre>
 * run r-42 to 9.2.2: finished, 3 hosts: 2 migrated, 1 rolled_back; downtime 1m02s total, longest 41.0s (db-2)
 * started 2024-05-01 03:12:00 UTC, finished 2024-05-01 03:20:11 UTC (8m11s), fleet file fleet.yaml
 *
 * host  status       version         rows                downtime  message
 * db-1  migrated     8.1.4 -> 9.2.2  2000000 -> 2000000  21.0s
 * ...
 *
 * problems:
 * db-2  rolled_back  health gate failed at 03:14:20: ...; back on the previous version, data verified
 * </pre>
 */
public final class TextReport {

    private static final List<String> HEADER = List.of("host", "status", "version", "rows", "downtime", "message");
    private static final List<HostState> PROBLEM_ORDER = List.of(HostState.FAILED, HostState.IN_PROGRESS,
            HostState.ROLLED_BACK);

    private TextReport() {}

    public static String render(RunReport report) {
        requireNonNull(report, "report");
        List<String> lines = new ArrayList<>();
        lines.add(headline(report));
        lines.add(facts(report));
        lines.add("");
        lines.addAll(hostTable(report.hosts()));
        List<String> problems = problems(report);
        if (!problems.isEmpty()) {
            lines.add("");
            lines.add("problems:");
            lines.addAll(problems);
        }
        return String.join("\n", lines) + "\n";
    }

    static String headline(RunReport report) {
        Totals totals = report.totals();
        List<String> counts = new ArrayList<>();
        for (HostState state : List.of(HostState.MIGRATED, HostState.FAILED, HostState.ROLLED_BACK,
                HostState.IN_PROGRESS, HostState.NOT_STARTED)) {
            if (totals.count(state) > 0) {
                counts.add(totals.count(state) + " " + state.label());
            }
        }
        StringBuilder line = new StringBuilder("run ").append(report.runId()).append(" to ")
                .append(ReportFormat.known(report.targetVersion())).append(": ").append(report.state().label())
                .append(", ").append(ReportFormat.plural(totals.hosts(), "host"))
                .append(counts.isEmpty() ? "" : ": " + String.join(", ", counts));
        if (totals.longestDowntimeHost() != null) {
            String open = totals.openDowntime() > 0 ? ">=" : "";
            line.append("; downtime ").append(open).append(duration(totals.totalDowntime())).append(" total, longest ")
                    .append(duration(totals.longestDowntime())).append(" (").append(totals.longestDowntimeHost())
                    .append(")");
        }
        return line.toString();
    }

    private static String facts(RunReport report) {
        StringBuilder line = new StringBuilder("started ").append(ReportFormat.dateTime(report.started()));
        if (report.finished() != null) {
            line.append(", ").append(report.state() == RunState.INTERRUPTED ? "interrupted " : "finished ")
                    .append(ReportFormat.dateTime(report.finished())).append(" (")
                    .append(duration(Duration.between(report.started(), report.finished()))).append(")");
        } else {
            line.append(", no run_finished: the journal ends ").append(ReportFormat.dateTime(report.lastEntry()))
                    .append(" (crashed or still running)");
        }
        if (report.resumed() > 0) {
            line.append(", resumed ").append(ReportFormat.plural(report.resumed(), "time"));
        }
        if (!report.fleetFile().isEmpty()) {
            line.append(", fleet file ").append(oneLine(report.fleetFile()));
        }
        return line.toString();
    }

    static List<String> hostTable(List<HostReport> hosts) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (HostReport host : hosts) {
            rows.add(List.of(host.name(), host.state().label(), change(host.versionBefore(), host.versionAfter()),
                    change(host.rowsBefore(), host.rowsAfter()), ReportFormat.downtime(host.downtime()),
                    oneLine(host.message())));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(row.get(i), widths[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** Failed first, then unknown, then rolled back; then one line naming the hosts not started. */
    static List<String> problems(RunReport report) {
        int width = report.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (HostState state : PROBLEM_ORDER) {
            for (HostReport host : report.hosts()) {
                if (host.state() == state) {
                    lines.add(pad(host.name(), width) + "  " + pad(state.label(), 11) + "  " + explain(host));
                }
            }
        }
        List<String> notStarted = report.hosts().stream().filter(h -> h.state() == HostState.NOT_STARTED)
                .map(HostReport::name).toList();
        if (!notStarted.isEmpty()) {
            lines.add("not started: " + String.join(", ", notStarted));
        }
        return lines;
    }

    private static String failure(StepAttempt step) {
        return step.step().label() + " " + step.result().label() + " at " + time(step.lastSeen())
                + (step.message().isEmpty() ? "" : ": " + oneLine(step.message()));
    }

    private static String explain(HostReport host) {
        List<String> parts = new ArrayList<>();
        StepAttempt cause = host.cause();
        if (host.state() == HostState.IN_PROGRESS) {
            StepAttempt last = host.steps().get(host.steps().size() - 1);
            parts.add(last.result() == StepResult.UNFINISHED
                    ? last.step().label() + " started at " + time(last.started()) + ", no result"
                    : "last step " + last.step().label() + " " + last.result().label() + " at " + time(last.finished()));
            parts.add("unknown, resume needed");
        } else if (cause != null) {
            parts.add(failure(cause));
            for (Step way : List.of(Step.ROLLBACK, Step.ROLLBACK_FROM_BACKUP)) {
                StepAttempt rollback = host.lastAttempt(way);
                if (rollback != null && rollback != cause && rollback.result() == StepResult.FAILED) {
                    parts.add(failure(rollback));
                }
            }
        }
        if (!host.message().isEmpty()) {
            parts.add(oneLine(host.message()));
        }
        if (host.unreachable()) {
            parts.add("agent unreachable");
        }
        Downtime downtime = host.downtime();
        if (downtime != null && downtime.open()) {
            parts.add("down since " + time(downtime.start()) + ", not back as far as the journal knows");
        }
        return String.join("; ", parts);
    }
}
