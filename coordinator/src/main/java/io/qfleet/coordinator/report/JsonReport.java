package io.qfleet.coordinator.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * The whole {@link RunReport} as one JSON document, snake_case keys: {@code run_id},
 * {@code target_version}, {@code state}, {@code started}, {@code finished}, {@code resumes},
 * {@code totals} and {@code hosts}, each with its {@code status}, versions, rows,
 * {@code downtime} ({@code start}, {@code end}, {@code ended_by}, {@code duration_ms}, {@code open}),
 * {@code checks} and {@code steps}. Times are ISO-8601 UTC, durations milliseconds, steps their
 * labels ("health gate"); unknown values are null.
 */
public final class JsonReport {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {}

    public static String render(RunReport report) {
        try {
            return JSON.writeValueAsString(tree(requireNonNull(report, "report"))) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the report as JSON", e);
        }
    }

    static ObjectNode tree(RunReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("run_id", report.runId());
        root.put("fleet_file", report.fleetFile());
        root.put("target_version", report.targetVersion());
        root.put("state", report.state().label());
        root.put("started", time(report.started()));
        root.put("finished", time(report.finished()));
        root.put("last_entry", time(report.lastEntry()));
        root.put("resumed", report.resumed());
        ArrayNode resumes = root.putArray("resumes");
        report.resumes().forEach(t -> resumes.add(time(t)));
        totals(root.putObject("totals"), report.totals());
        ArrayNode hosts = root.putArray("hosts");
        report.hosts().forEach(host -> host(hosts.addObject(), host));
        return root;
    }

    private static void totals(ObjectNode node, Totals totals) {
        node.put("hosts", totals.hosts());
        for (HostState state : HostState.values()) {
            node.put(state.label(), totals.count(state));
        }
        node.put("downtime_total_ms", totals.totalDowntime().toMillis());
        node.put("downtime_longest_ms", totals.longestDowntime().toMillis());
        node.put("downtime_longest_host", totals.longestDowntimeHost());
        node.put("downtime_open", totals.openDowntime());
    }

    private static void host(ObjectNode node, HostReport host) {
        node.put("name", host.name());
        node.put("wave", host.wave());
        node.put("status", host.state().label());
        node.put("version_before", host.versionBefore());
        node.put("version_after", host.versionAfter());
        node.put("rows_before", host.rowsBefore());
        node.put("rows_after", host.rowsAfter());
        node.put("message", host.message());
        node.put("after_point_of_no_return", host.afterPointOfNoReturn());
        node.put("unreachable", host.unreachable());
        node.put("point_of_no_return", time(host.pointOfNoReturn()));
        Downtime downtime = host.downtime();
        if (downtime == null) {
            node.putNull("downtime");
        } else {
            ObjectNode window = node.putObject("downtime");
            window.put("start", time(downtime.start()));
            window.put("end", time(downtime.end()));
            window.put("ended_by", downtime.endedBy() == null ? null : downtime.endedBy().label());
            window.put("duration_ms", downtime.duration().toMillis());
            window.put("open", downtime.open());
        }
        ArrayNode checks = node.putArray("checks");
        host.checks().forEach(check -> step(checks.addObject(), check));
        ArrayNode steps = node.putArray("steps");
        host.steps().forEach(step -> step(steps.addObject(), step));
    }

    private static void step(ObjectNode node, StepAttempt step) {
        node.put("step", step.step().label());
        node.put("attempt", step.attempt());
        node.put("result", step.result().label());
        node.put("started", time(step.started()));
        node.put("finished", time(step.finished()));
        node.put("last_seen", time(step.lastSeen()));
        Duration duration = step.duration();
        node.put("duration_ms", duration == null ? null : duration.toMillis());
        node.put("message", step.message());
        node.put("version", step.version().isEmpty() ? null : step.version());
        node.put("rows", step.rows() < 0 ? null : step.rows());
    }

    private static String time(Instant time) {
        return time == null ? null : time.toString();
    }
}
