package io.qfleet.coordinator.progress;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.report.ReportFormat;
import io.qfleet.coordinator.workflow.HostStatus;
import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.Step;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One line per event, for terminals and logs:
 * <pre>
 * 21:58:03 db-1  stage        started
 * 21:58:04 db-1  upload       12.0 MiB / 31.2 MiB (38%)
 * 21:58:05 db-1  stage        ok in 1.2s
 * </pre>
 * Progress lines are throttled to one per second per host and step; 100% and the last progress
 * of a step are always printed. {@code runFinished} prints a per-host summary table.
 */
public final class PlainRenderer implements ProgressListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final int STEP_WIDTH =
            Arrays.stream(Step.values()).mapToInt(s -> s.label().length()).max().orElse(0);

    private final PrintWriter out;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock(); // guards the fields below and the order of lines
    private long shownSecond = Long.MIN_VALUE;
    private String shownTime;
    private final ProgressThrottle<String> throttle = new ProgressThrottle<>();
    private int hostWidth;

    public PlainRenderer(PrintWriter out, Clock clock) {
        this.out = requireNonNull(out, "out");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public void runStarted(String runId, List<String> hosts, String targetVersion) {
        render(() -> {
            hostWidth = hosts.stream().mapToInt(String::length).max().orElse(0);
            print(time() + " run " + runId + " started: " + count(hosts.size(), "host") + ", target " + targetVersion);
        });
    }

    @Override
    public void waveStarted(int wave, int waves, List<String> hosts) {
        render(() -> print(time() + " wave " + wave + "/" + waves + ": " + String.join(" ", hosts)));
    }

    @Override
    public void stepStarted(String host, Step step) {
        render(() -> print(line(host, step.label(), "started")));
    }

    @Override
    public void stepProgress(String host, Step step, String message, long done, long total, String unit) {
        render(() -> {
            String line = line(host, step.label(), progress(message, done, total, unit));
            if (throttle.offer(host, step, clock.instant(), total > 0 && done >= total, line)) {
                print(line);
            }
        });
    }

    @Override
    public void stepFinished(String host, Step step, boolean ok, String message, Duration took) {
        render(() -> {
            String pending = throttle.finish(host, step);
            if (pending != null) {
                print(pending);
            }
            String detail = message == null || message.isBlank() ? "" : ": " + oneLine(message);
            print(line(host, step.label(), (ok ? "ok" : "FAILED") + " in " + duration(took) + detail));
        });
    }

    @Override
    public void hostFinished(HostSummary summary) {
        render(() -> {
            String status = summary.status() == HostStatus.FAILED ? "FAILED" : summary.status().label();
            String text = status + ", " + SummaryTable.change(summary.versionBefore(), summary.versionAfter())
                    + ", rows " + SummaryTable.change(summary.rowsBefore(), summary.rowsAfter());
            String detail = summary.message().isBlank() ? "" : ": " + oneLine(summary.message());
            print(line(summary.name(), "result", text + detail));
        });
    }

    @Override
    public void runFinished(List<HostSummary> hosts) {
        render(() -> {
            print(time() + " run finished: " + counts(hosts));
            SummaryTable.lines(hosts).forEach(this::print);
        });
    }

    private String line(String host, String column, String text) {
        int width = Math.max(hostWidth, host.length());
        return (time() + " " + pad(host, width) + "  " + pad(column, STEP_WIDTH) + "  " + text).stripTrailing();
    }

    /** HH:mm:ss of now, formatted once per second: lines come by the thousand (callers hold this renderer's lock). */
    private String time() {
        long second = Math.floorDiv(clock.millis(), 1000);
        if (second != shownSecond) {
            shownSecond = second;
            shownTime = TIME.format(Instant.ofEpochSecond(second).atZone(clock.getZone()));
        }
        return shownTime;
    }

    /**
     * Runs {@code render} holding the lock, which orders all hosts' lines; rendering never breaks a
     * run. Then flushes, unless another thread waits to render: that one flushes after its own
     * lines (the last of a burst always does), so every line shows at once, while a thousand hosts'
     * lines do not cost a write to stdout each, made holding the lock the others wait for.
     */
    private void render(Runnable render) {
        lock.lock();
        try {
            render.run();
        } catch (RuntimeException ignored) {
            // rendering never breaks a run
        } finally {
            try {
                if (!lock.hasQueuedThreads()) {
                    out.flush();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void print(String line) {
        out.print(line);
        out.print(System.lineSeparator()); // not println: an autoflush PrintWriter flushes there
    }

    private static String counts(List<HostSummary> hosts) {
        Map<HostStatus, Integer> counts = new EnumMap<>(HostStatus.class);
        hosts.forEach(h -> counts.merge(h.status(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((status, n) -> parts.add(n + " " + status.label()));
        return parts.isEmpty() ? "no hosts" : String.join(", ", parts);
    }

    /** "12.0 MiB / 31.2 MiB (38%)", "1200/3000 rows", then the message, each when present. */
    static String progress(String message, long done, long total, String unit) {
        String suffix = unit == null || unit.isEmpty() ? "" : " " + unit;
        String amount;
        if ("bytes".equals(unit)) {
            amount = total > 0 ? bytes(done) + " / " + bytes(total) + " (" + percent(done, total) + "%)"
                    : done > 0 ? bytes(done) : "";
        } else {
            amount = total > 0 ? done + "/" + total + suffix : done > 0 ? done + suffix : "";
        }
        String text = message == null ? "" : oneLine(message);
        return amount.isEmpty() || text.isEmpty() ? amount + text : amount + ", " + text;
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = n / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(Duration took) {
        return took == null ? "0.0s" : ReportFormat.duration(took);
    }

    static String oneLine(String text) {
        return ReportFormat.oneLine(text);
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static int percent(long done, long total) {
        return (int) Math.max(0, Math.min(100, Math.floor(done * 100.0 / total)));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
