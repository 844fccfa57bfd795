package io.qfleet.coordinator.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Text shared by the renderers: times in UTC, durations, "before -> after" with "?" for unknown. */
final class ReportFormat {

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ReportFormat() {}

    /** "2024-05-01 03:12:05 UTC", or "-". */
    static String dateTime(Instant time) {
        return time == null ? "-" : DATE_TIME.format(time);
    }

    /** "03:12:05" (UTC), or "-". */
    static String time(Instant time) {
        return time == null ? "-" : TIME.format(time);
    }

    /** "0.4s", "2m05s", "1h02m"; "-" for null. */
    static String duration(Duration duration) {
        if (duration == null) {
            return "-";
        }
        if (duration.isNegative()) {
            duration = Duration.ZERO;
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    /** A host's downtime: "12.3s", ">=41.0s" when it had not come back, "-" when never stopped. */
    static String downtime(Downtime downtime) {
        if (downtime == null) {
            return "-";
        }
        return (downtime.open() ? ">=" : "") + duration(downtime.duration());
    }

    /** "8.1.4 -> 9.2.2", with "?" for an unknown side. */
    static String change(Object before, Object after) {
        return known(before) + " -> " + known(after);
    }

    static String known(Object value) {
        return value == null || value.toString().isEmpty() ? "?" : value.toString();
    }

    /** Line breaks (and the blanks around them) become " | ". */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " | ");
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
