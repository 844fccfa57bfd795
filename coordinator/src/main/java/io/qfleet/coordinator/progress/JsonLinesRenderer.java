package io.qfleet.coordinator.progress;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.Step;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One JSON object per line, for scripts ({@code --output json}). Every object has {@code "type"}:
 * {@code run_started}, {@code step_started}, {@code step_progress}, {@code step_finished},
 * {@code host_finished} or {@code run_finished}; all but the last have an ISO-8601 {@code "time"};
 * step events name {@code "host"} and {@code "step"} (its label, "health gate"). Keys are snake_case.
 * The last line is
 * <pre>
 * {"type":"run_finished","hosts":[{"name":"db-1","status":"migrated","version_before":"8.1.4",
 *   "version_after":"9.2.2","rows_before":2000000,"rows_after":2000000,"message":""}]}
 * </pre>
 * (on one line), with null rows when unknown. Progress is throttled like {@link PlainRenderer}'s.
 */
public final class JsonLinesRenderer implements ProgressListener {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final PrintWriter out;
    private final Clock clock;
    private final ProgressThrottle<ObjectNode> throttle = new ProgressThrottle<>();

    public JsonLinesRenderer(PrintWriter out, Clock clock) {
        this.out = requireNonNull(out, "out");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void runStarted(String runId, List<String> hosts, String targetVersion) {
        safely(() -> {
            ObjectNode event = event("run_started");
            event.put("run_id", runId);
            event.put("target_version", targetVersion);
            ArrayNode names = event.putArray("hosts");
            hosts.forEach(names::add);
            print(event);
        });
    }

    @Override
    public synchronized void waveStarted(int wave, int waves, List<String> hosts) {
        safely(() -> {
            ObjectNode event = event("wave_started");
            event.put("wave", wave);
            event.put("waves", waves);
            ArrayNode names = event.putArray("hosts");
            hosts.forEach(names::add);
            print(event);
        });
    }

    @Override
    public synchronized void stepStarted(String host, Step step) {
        safely(() -> print(stepEvent("step_started", host, step)));
    }

    @Override
    public synchronized void stepProgress(String host, Step step, String message, long done, long total, String unit) {
        safely(() -> {
            ObjectNode event = stepEvent("step_progress", host, step);
            event.put("message", message == null ? "" : message);
            event.put("done", done);
            event.put("total", total);
            event.put("unit", unit == null ? "" : unit);
            if (throttle.offer(host, step, clock.instant(), total > 0 && done >= total, event)) {
                print(event);
            }
        });
    }

    @Override
    public synchronized void stepFinished(String host, Step step, boolean ok, String message, Duration took) {
        safely(() -> {
            ObjectNode pending = throttle.finish(host, step);
            if (pending != null) {
                print(pending);
            }
            ObjectNode event = stepEvent("step_finished", host, step);
            event.put("ok", ok);
            event.put("message", message == null ? "" : message);
            event.put("took_ms", took == null ? 0 : took.toMillis());
            print(event);
        });
    }

    @Override
    public synchronized void hostFinished(HostSummary summary) {
        safely(() -> {
            ObjectNode event = event("host_finished");
            event.put("host", summary.name());
            outcome(event, summary);
            print(event);
        });
    }

    @Override
    public synchronized void runFinished(List<HostSummary> hosts) {
        safely(() -> {
            ObjectNode event = MAPPER.createObjectNode();
            event.put("type", "run_finished");
            ArrayNode array = event.putArray("hosts");
            for (HostSummary summary : hosts) {
                ObjectNode host = array.addObject();
                host.put("name", summary.name());
                outcome(host, summary);
            }
            print(event);
        });
    }

    private ObjectNode event(String type) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("type", type);
        event.put("time", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        return event;
    }

    private ObjectNode stepEvent(String type, String host, Step step) {
        ObjectNode event = event(type);
        event.put("host", host);
        event.put("step", step.label());
        return event;
    }

    private static void outcome(ObjectNode node, HostSummary summary) {
        node.put("status", summary.status().label());
        node.put("version_before", summary.versionBefore());
        node.put("version_after", summary.versionAfter());
        node.put("rows_before", summary.rowsBefore());
        node.put("rows_after", summary.rowsAfter());
        node.put("message", summary.message());
    }

    private void print(ObjectNode event) {
        try {
            out.println(MAPPER.writeValueAsString(event));
            out.flush();
        } catch (JsonProcessingException ignored) {
            // rendering never breaks a run
        }
    }

    private static void safely(Runnable render) {
        try {
            render.run();
        } catch (RuntimeException ignored) {
            // rendering never breaks a run
        }
    }
}
