package io.qfleet.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The arithmetic duration text says exactly what the String.format it replaced said. */
class ReportFormatDurationTest {
    @Test
    void matchesTheFormatItReplacesToTheTenthOfASecond() {
        for (long millis = 0; millis < 60_000; millis += 1) {
            assertEquals(String.format(Locale.ROOT, "%.1fs", millis / 1000.0), ReportFormat.duration(Duration.ofMillis(millis)),
                    millis + " ms");
        }
    }

    @Test
    void minutesAndHoursKeepTwoDigits() {
        assertEquals("1m00s", ReportFormat.duration(Duration.ofSeconds(60)));
        assertEquals("2m05s", ReportFormat.duration(Duration.ofSeconds(125)));
        assertEquals("59m59s", ReportFormat.duration(Duration.ofSeconds(3599)));
        assertEquals("1h02m", ReportFormat.duration(Duration.ofSeconds(3720)));
        assertEquals("0.0s", ReportFormat.duration(Duration.ofSeconds(-3)));
        assertEquals("-", ReportFormat.duration(null));
    }
}
