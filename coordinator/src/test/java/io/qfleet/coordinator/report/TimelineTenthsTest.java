package io.qfleet.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The timeline's coordinates are written without a Formatter: pixel positions to a thousandth must
 * read as {@code %.1f} wrote them (but "0.0" for -0.0), and a value off the page cannot break the SVG.
 */
class TimelineTenthsTest {

    @Test
    void oneDecimalAsFormatWritesIt() {
        double[] edges = {0, 0.04, 0.05, 0.15, 0.25, 0.45, 0.95, 1.05, 2, 12.349, 12.35, 99.95, 1234.5, 65535.96, -0.05,
            -3.25};
        for (double value : edges) {
            assertEquals(String.format(Locale.ROOT, "%.1f", value), Timeline.appendTenths(new StringBuilder(), value).toString(),
                    "value " + value);
        }
        for (double offPage : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertEquals("0.0", Timeline.appendTenths(new StringBuilder(), offPage).toString());
        }
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            double value = Math.round(random.nextDouble() * 10_000_000) / 1000.0; // pixel positions, to a thousandth
            assertEquals(String.format(Locale.ROOT, "%.1f", value), Timeline.appendTenths(new StringBuilder(), value).toString(),
                    "value " + value);
        }
    }
}
