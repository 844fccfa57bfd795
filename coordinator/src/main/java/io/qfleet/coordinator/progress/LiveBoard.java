package io.qfleet.coordinator.progress;

import io.qfleet.coordinator.workflow.HostStatus;
import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jline.utils.AttributedString;

/**
 * What the live view knows about a run: the active hosts (first step started to host finished),
 * outcomes so far, the wave, and the permanent lines not yet drawn. Not thread-safe:
 * {@link LiveRenderer} calls it under its lock, and takes a {@link Frame} to draw outside it.
 */
final class LiveBoard {

    private static final int STEP_WIDTH =
            Arrays.stream(Step.values()).mapToInt(s -> s.label().length()).max().orElse(0);

    private final Set<String> hosts = new LinkedHashSet<>();
    private final Map<String, Active> active = new HashMap<>();
    private final Map<HostStatus, Integer> outcomes = new EnumMap<>(HostStatus.class);
    private final List<AttributedString> permanent = new ArrayList<>();
    private Instant started;
    private int wave;
    private int waves;
    private boolean over;

    void runStarted(List<String> names, Instant now) {
        hosts.addAll(names);
        started = now;
    }

    void waveStarted(int wave, int waves) {
        this.wave = wave;
        this.waves = waves;
    }

    void stepStarted(String host, Step step, Instant now) {
        hosts.add(host);
        active.put(host, new Active(step, now));
    }

    void stepProgress(String host, Step step, String message, long done, long total, String unit, Instant now) {
        Active current = active.get(host);
        if (current == null || current.step != step) {
            return; // late event of a step already left behind
        }
        current.message = message == null ? "" : message;
        current.done = done;
        current.total = total;
        current.unit = unit == null ? "" : unit;
        if (done > 0 || total > 0) {
            current.history.add(now, done);
        }
    }

    void stepFinished(String host, Step step, boolean ok) {
        Active current = active.get(host);
        if (current != null && current.step == step) {
            current.message = ok ? "ok" : "failed";
        }
    }

    void hostFinished(HostSummary summary) {
        active.remove(summary.name());
        hosts.add(summary.name());
        outcomes.merge(summary.status(), 1, Integer::sum);
    }

    /** After this the live region is empty: only permanent lines are left to draw. */
    void runFinished() {
        over = true;
        active.clear();
    }

    /** Lines that scroll above the live region and stay. */
    void print(List<AttributedString> lines) {
        permanent.addAll(lines);
    }

    /** The permanent lines not drawn yet (and forgets them), and the live region for {@code size} at {@code now}. */
    Frame frame(Screen.Size size, Instant now) {
        List<AttributedString> lines = List.copyOf(permanent);
        permanent.clear();
        if (over || started == null) {
            return new Frame(lines, List.of());
        }
        int nameWidth = hosts.stream().mapToInt(String::length).max().orElse(0);
        List<String> shown = hosts.stream().filter(active::containsKey).toList();
        int room = Math.max(0, size.rows() - 2); // the fleet line, and a row for the cursor
        List<AttributedString> live = new ArrayList<>();
        int fits = shown.size() <= room ? shown.size() : Math.max(0, room - 1);
        for (String host : shown.subList(0, fits)) {
            live.add(LiveLines.host(active.get(host).row(host, now), nameWidth, STEP_WIDTH, size.columns()));
        }
        if (fits < shown.size()) {
            live.add(LiveLines.more(shown.size() - fits, size.columns()));
        }
        live.add(LiveLines.fleet(fleetRow(now), size.columns()));
        return new Frame(lines, live);
    }

    private FleetRow fleetRow(Instant now) {
        int finished = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        return new FleetRow(wave, waves, outcome(HostStatus.MIGRATED), outcome(HostStatus.FAILED),
                outcome(HostStatus.ROLLED_BACK), outcome(HostStatus.NOT_STARTED), Math.max(0, hosts.size() - finished),
                Duration.between(started, now));
    }

    private int outcome(HostStatus status) {
        return outcomes.getOrDefault(status, 0);
    }

    /** What to draw: permanent lines first, then the live region. */
    record Frame(List<AttributedString> permanent, List<AttributedString> live) {}

    /** One active host as {@link LiveLines#host} prints it; rate and ETA are unknown when negative or null. */
    record HostRow(String host, String step, Duration inStep, long done, long total, String unit, String message,
                   double perSecond, Duration eta, Duration quiet) {}

    /** The fleet line; {@code waves} is 0 until the first wave starts. */
    record FleetRow(int wave, int waves, int migrated, int failed, int rolledBack, int notStarted, int left,
                    Duration elapsed) {}

    private static final class Active {
        final Step step;
        final Instant since;
        final Throughput history = new Throughput();
        String message = "";
        long done;
        long total;
        String unit = "";

        Active(Step step, Instant since) {
            this.step = step;
            this.since = since;
        }

        HostRow row(String host, Instant now) {
            return new HostRow(host, step.label(), Duration.between(since, now), done, total, unit, message,
                    history.perSecond(now), history.eta(total, now), history.sinceLast(now));
        }
    }
}
