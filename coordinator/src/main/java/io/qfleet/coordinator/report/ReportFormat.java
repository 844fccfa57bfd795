package io.qfleet.coordinator.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text shared by the renderers: times in UTC, durations, "before -> after" with "?" for unknown. */
public final class ReportFormat {

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\R\\s*"); // compiled once: a run prints thousands of lines

    private ReportFormat() {}

    /** "2024-05-01 03:12:05 UTC", or "-". */
    static String dateTime(Instant time) {
        return time == null ? "-" : DATE_TIME.format(time);
    }

    /** "03:12:05" (UTC), or "-". */
    static String time(Instant time) {
        return time == null ? "-" : TIME.format(time);
    }

    /**
     * "0.4s", "2m05s", "1h02m"; "-" for null. Arithmetic, not String.format: a 1,000-host run formats
     * tens of thousands of these (progress lines and reports), and format parses its pattern each time.
     */
    public static String duration(Duration duration) {
        if (duration == null) {
            return "-";
        }
        if (duration.isNegative()) {
            duration = Duration.ZERO;
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            long tenths = (duration.toMillis() + 50) / 100; // rounded half up, as %.1f does
            return tenths / 10 + "." + tenths % 10 + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + twoDigits(seconds % 60) + "s";
        }
        return seconds / 3600 + "h" + twoDigits(seconds % 3600 / 60) + "m";
    }

    private static String twoDigits(long value) {
        return value < 10 ? "0" + value : String.valueOf(value);
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

    /** Line breaks (and the blanks around them) become " | " (progress lines and reports alike). */
    public static String oneLine(String text) {
        return text == null ? "" : LINE_BREAK.matcher(text.strip()).replaceAll(" | ");
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
