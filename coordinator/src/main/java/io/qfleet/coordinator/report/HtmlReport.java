package io.qfleet.coordinator.report;

import static io.qfleet.coordinator.report.Html.escape;
import static io.qfleet.coordinator.report.ReportFormat.dateTime;
import static io.qfleet.coordinator.report.ReportFormat.duration;
import static io.qfleet.coordinator.report.ReportFormat.known;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * One self-contained HTML page: run facts, totals, the {@link Timeline} (inline SVG), the hosts
 * with versions and rows before and after, the checks, and every step attempt. Inline CSS, no
 * script, no external reference; every string from the journal is escaped.
 */
public final class HtmlReport {

    private HtmlReport() {}

    public static String render(RunReport report) {
        requireNonNull(report, "report");
        StringBuilder page = new StringBuilder(16_384);
        String title = "qfleet report: run " + report.runId();
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n")
                .append(HtmlStyle.CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        facts(page, report);
        totals(page, report.totals());
        page.append("<h2>Timeline</h2>\n").append(HtmlStyle.LEGEND)
                .append("<div class=\"scroll\">").append(Timeline.svg(report)).append("</div>\n");
        hosts(page, report.hosts());
        checks(page, report.hosts());
        steps(page, report.hosts());
        page.append("<footer>Times are UTC. Downtime runs from the start of the stop step to the end of the first ")
                .append("health gate (or rollback) that passed; &ge; marks a host not back when the journal ends.")
                .append("</footer>\n</body>\n</html>\n");
        return page.toString();
    }

    private static void facts(StringBuilder page, RunReport report) {
        page.append("<dl class=\"facts\">\n");
        fact(page, "run", report.runId());
        fact(page, "target version", known(report.targetVersion()));
        fact(page, "fleet file", known(report.fleetFile()));
        page.append("<dt>state</dt><dd><span class=\"badge run-").append(report.state().label()).append("\">")
                .append(escape(report.state().label())).append("</span>")
                .append(report.state() == RunState.INCOMPLETE ? " no run_finished: crashed or still running" : "")
                .append("</dd>\n");
        fact(page, "started", dateTime(report.started()));
        if (report.finished() != null) {
            fact(page, report.state() == RunState.INTERRUPTED ? "interrupted" : "finished",
                    dateTime(report.finished()) + " (" + duration(Duration.between(report.started(), report.finished()))
                            + ")");
        } else {
            fact(page, "journal ends", dateTime(report.lastEntry()));
        }
        fact(page, "resumed", report.resumed() == 0 ? "never"
                : ReportFormat.plural(report.resumed(), "time") + ": " + String.join(", ",
                        report.resumes().stream().map(ReportFormat::dateTime).toList()));
        page.append("</dl>\n");
    }

    private static void fact(StringBuilder page, String name, String value) {
        page.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    private static void totals(StringBuilder page, Totals totals) {
        page.append("<div class=\"totals\">\n");
        for (HostState state : HostState.values()) {
            if (state == HostState.IN_PROGRESS && totals.inProgress() == 0) {
                continue;
            }
            page.append("<div class=\"total state-").append(state.label()).append("\"><b>").append(totals.count(state))
                    .append("</b>").append(escape(state.label().replace('_', ' '))).append("</div>\n");
        }
        String open = totals.openDowntime() > 0 ? "&ge;" : "";
        page.append("<div class=\"total\"><b>").append(open).append(escape(duration(totals.totalDowntime())))
                .append("</b>total downtime</div>\n<div class=\"total\"><b>")
                .append(escape(duration(totals.longestDowntime()))).append("</b>longest")
                .append(totals.longestDowntimeHost() == null ? "" : ": " + escape(totals.longestDowntimeHost()))
                .append("</div>\n</div>\n");
    }

    private static void hosts(StringBuilder page, List<HostReport> hosts) {
        page.append("<h2>Hosts</h2>\n<table>\n<tr><th>host</th><th>wave</th><th>status</th><th>version</th>")
                .append("<th>rows</th><th>downtime</th><th>message</th></tr>\n");
        for (HostReport host : hosts) {
            page.append("<tr><td>").append(escape(host.name())).append("</td><td>")
                    .append(host.wave() == 0 ? "-" : host.wave()).append("</td><td>").append(badge(host.state()))
                    .append(host.afterPointOfNoReturn() && host.state().problem() ? " <small>after point of no return</small>" : "")
                    .append(host.unreachable() ? " <small>unreachable</small>" : "")
                    .append("</td><td class=\"num\">").append(arrow(host.versionBefore(), host.versionAfter()))
                    .append("</td><td class=\"num\">").append(arrow(host.rowsBefore(), host.rowsAfter()))
                    .append("</td><td class=\"num\">")
                    .append(escape(ReportFormat.downtime(host.downtime())).replace("&gt;=", "&ge;"))
                    .append("</td><td>").append(escape(host.message()))
                    .append(host.state() == HostState.IN_PROGRESS ? "<i>unknown: resume needed</i>" : "")
                    .append("</td></tr>\n");
        }
        page.append("</table>\n");
    }

    private static void checks(StringBuilder page, List<HostReport> hosts) {
        page.append("<h2>Checks</h2>\n<table>\n<tr><th>host</th><th>check</th><th>result</th><th>version</th>")
                .append("<th>rows</th><th>message</th></tr>\n");
        for (HostReport host : hosts) {
            boolean first = true;
            for (StepAttempt check : host.checks()) {
                page.append(first ? "<tr class=\"first\"><td>" + escape(host.name()) : "<tr><td>").append("</td><td>")
                        .append(escape(check.step().label())).append("</td><td>").append(result(check.result()))
                        .append("</td><td class=\"num\">").append(escape(check.version().isEmpty() ? "-" : check.version()))
                        .append("</td><td class=\"num\">").append(check.rows() < 0 ? "-" : check.rows())
                        .append("</td><td>").append(escape(check.message())).append("</td></tr>\n");
                first = false;
            }
        }
        page.append("</table>\n");
    }

    private static void steps(StringBuilder page, List<HostReport> hosts) {
        page.append("<h2>Steps</h2>\n");
        for (HostReport host : hosts) {
            if (host.steps().isEmpty()) {
                continue;
            }
            page.append("<details").append(host.state().problem() ? " open" : "").append("><summary>")
                    .append(escape(host.name())).append(" ").append(badge(host.state()))
                    .append(" <small>").append(ReportFormat.plural(host.steps().size(), "step")).append("</small></summary>\n")
                    .append("<table>\n<tr><th>step</th><th>attempt</th><th>result</th><th>started</th><th>finished</th>")
                    .append("<th>took</th><th>message</th></tr>\n");
            for (StepAttempt step : host.steps()) {
                page.append("<tr><td>").append(escape(step.step().label()))
                        .append(step.step().pointOfNoReturn() ? " <small>point of no return</small>" : "")
                        .append("</td><td class=\"num\">").append(step.attempt()).append("</td><td>")
                        .append(result(step.result())).append("</td><td class=\"num\">")
                        .append(escape(ReportFormat.time(step.started()))).append("</td><td class=\"num\">")
                        .append(escape(ReportFormat.time(step.finished()))).append("</td><td class=\"num\">")
                        .append(escape(duration(step.duration()))).append("</td><td>").append(escape(step.message()))
                        .append("</td></tr>\n");
            }
            page.append("</table>\n</details>\n");
        }
    }

    /** "8.1.4 → 9.2.2", "?" for an unknown side. */
    private static String arrow(Object before, Object after) {
        return escape(known(before)) + " &rarr; " + escape(known(after));
    }

    private static String badge(HostState state) {
        return "<span class=\"badge state-" + state.label() + "\">" + escape(state.label().replace('_', ' ')) + "</span>";
    }

    private static String result(StepResult result) {
        return "<span class=\"result-" + result.label() + "\">" + escape(result.label()) + "</span>";
    }
}
