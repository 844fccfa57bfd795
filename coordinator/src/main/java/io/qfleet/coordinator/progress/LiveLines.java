package io.qfleet.coordinator.progress;

import java.time.Duration;
import java.util.Locale;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The lines of the live region, pure formatting:
 * <pre>
 * db-1   upload       0:03  [========&gt;           ]  38%  12.0 MiB / 31.2 MiB  4.1 MiB/s  ETA 0:05
 * db-12  health gate  0:01  [===&gt;      ]  30%  3/10 tables  waiting for tables
 * fleet: wave 1/2, 0 done, 0 failed, 0 rolled back, 2 left, elapsed 0:04
 * </pre>
 * The bar narrows, then goes, on narrow screens; every line is cut to {@code columns - 1} so the
 * terminal never wraps it.
 */
final class LiveLines {

    static final AttributedStyle NAME = AttributedStyle.BOLD;
    static final AttributedStyle GOOD = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle WARN = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle BAD = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    static final AttributedStyle QUIET = AttributedStyle.DEFAULT.faint();

    private LiveLines() {}

    /** One active host; {@code nameWidth} and {@code stepWidth} align the columns. */
    static AttributedString host(LiveBoard.HostRow row, int nameWidth, int stepWidth, int columns) {
        AttributedStringBuilder line = new AttributedStringBuilder();
        line.styled(NAME, PlainRenderer.pad(row.host(), nameWidth)).append("  ")
                .append(PlainRenderer.pad(row.step(), stepWidth)).append("  ")
                .append(clock(row.inStep()));
        boolean sized = row.total() > 0;
        if (sized) {
            int barWidth = columns >= 110 ? 20 : columns >= 80 ? 10 : 0;
            if (barWidth > 0) {
                line.append("  ");
                bar(line, row.done(), row.total(), barWidth);
            }
            line.append("  ").append(String.format(Locale.ROOT, "%3d%%", percent(row.done(), row.total())));
        }
        String amount = amount(row.done(), row.total(), row.unit());
        if (!amount.isEmpty()) {
            line.append("  ").append(amount);
        }
        boolean unfinished = sized && row.done() < row.total();
        if (row.perSecond() > 0) {
            line.append("  ").append(rate(row.perSecond(), row.unit()));
            if (unfinished && row.eta() != null) {
                line.append("  ETA ").append(clock(row.eta()));
            }
        } else if (unfinished && row.quiet() != null && row.quiet().compareTo(Throughput.STALL) > 0) {
            line.styled(WARN, "  no progress for " + clock(row.quiet()));
        }
        if (!row.message().isBlank()) {
            line.append("  ").styled(QUIET, PlainRenderer.oneLine(row.message()));
        }
        return fit(line.toAttributedString(), columns);
    }

    /** The run as a whole: wave, hosts per outcome, hosts left, time since the run started. */
    static AttributedString fleet(LiveBoard.FleetRow row, int columns) {
        AttributedStringBuilder line = new AttributedStringBuilder().append("fleet: ");
        if (row.waves() > 0) {
            line.append("wave " + row.wave() + "/" + row.waves() + ", ");
        }
        count(line, row.migrated(), "done", GOOD).append(", ");
        count(line, row.failed(), "failed", BAD).append(", ");
        count(line, row.rolledBack(), "rolled back", WARN).append(", ");
        if (row.notStarted() > 0) {
            count(line, row.notStarted(), "not started", WARN).append(", ");
        }
        line.append(row.left() + " left, elapsed ").append(clock(row.elapsed()));
        return fit(line.toAttributedString(), columns);
    }

    /** "+3 more hosts", in place of the host lines that do not fit the screen's height. */
    static AttributedString more(int hosts, int columns) {
        return fit(new AttributedString("+" + hosts + " more host" + (hosts == 1 ? "" : "s"), QUIET), columns);
    }

    /** Cut to {@code columns - 1} cells: a line as wide as the screen would wrap on some terminals. */
    static AttributedString fit(AttributedString line, int columns) {
        int max = Math.max(1, columns - 1);
        return line.columnLength() <= max ? line : line.columnSubSequence(0, max);
    }

    /** "12.0 MiB / 31.2 MiB", "3/10 tables", "1200 rows", or "" when nothing is known. */
    static String amount(long done, long total, String unit) {
        if ("bytes".equals(unit)) {
            return total > 0 ? PlainRenderer.bytes(done) + " / " + PlainRenderer.bytes(total)
                    : done > 0 ? PlainRenderer.bytes(done) : "";
        }
        String suffix = unit == null || unit.isEmpty() ? "" : " " + unit;
        return total > 0 ? done + "/" + total + suffix : done > 0 ? done + suffix : "";
    }

    /** "4.1 MiB/s", "1.5 tables/s", "1200 rows/s". */
    static String rate(double perSecond, String unit) {
        if ("bytes".equals(unit)) {
            return PlainRenderer.bytes(Math.round(perSecond)) + "/s";
        }
        String number = perSecond < 10 ? String.format(Locale.ROOT, "%.1f", perSecond)
                : String.format(Locale.ROOT, "%.0f", perSecond);
        return number + " " + (unit == null || unit.isEmpty() ? "" : unit) + "/s";
    }

    /** "0:07", "12:05", "1:02:03"; rounded down to the second. */
    static String clock(Duration duration) {
        long seconds = duration == null || duration.isNegative() ? 0 : duration.toSeconds();
        return seconds < 3600 ? String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }

    private static void bar(AttributedStringBuilder line, long done, long total, int width) {
        int filled = (int) Math.min(width, Math.round(Math.min(1.0, Math.max(0.0, done / (double) total)) * width));
        String head = filled == width ? "=".repeat(width) : filled == 0 ? "" : "=".repeat(filled - 1) + ">";
        line.append("[").styled(GOOD, head).append(" ".repeat(width - head.length())).append("]");
    }

    private static AttributedStringBuilder count(AttributedStringBuilder line, int n, String label, AttributedStyle style) {
        return n > 0 ? line.styled(style, n + " " + label) : line.append(n + " " + label);
    }

    private static int percent(long done, long total) {
        return (int) Math.max(0, Math.min(100, Math.floor(done * 100.0 / total)));
    }
}
