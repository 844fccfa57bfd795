package io.qfleet.coordinator.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class LiveLinesTest {

    @Test
    void amountsRatesAndClocks() {
        assertEquals("12.0 MiB / 31.2 MiB", LiveLines.amount(12 * RunScript.MIB, RunScript.ARCHIVE, "bytes"));
        assertEquals("512 B", LiveLines.amount(512, 0, "bytes"));
        assertEquals("3/10 tables", LiveLines.amount(3, 10, "tables"));
        assertEquals("1200 rows", LiveLines.amount(1200, 0, "rows"));
        assertEquals("", LiveLines.amount(0, 0, ""));
        assertEquals("4.0 MiB/s", LiveLines.rate(4 * RunScript.MIB, "bytes"));
        assertEquals("1.5 tables/s", LiveLines.rate(1.5, "tables"));
        assertEquals("1200 rows/s", LiveLines.rate(1200.4, "rows"));
        assertEquals("0:00", LiveLines.clock(null));
        assertEquals("0:07", LiveLines.clock(Duration.ofMillis(7900)));
        assertEquals("12:05", LiveLines.clock(Duration.ofSeconds(725)));
        assertEquals("1:02:03", LiveLines.clock(Duration.ofSeconds(3723)));
    }

    @Test
    void barFromEmptyToFull() {
        assertEquals("x  0:00  [          ]    0%  0/8 rows", host(0, 8));
        assertEquals("x  0:00  [====>     ]   50%  4/8 rows", host(4, 8));
        assertEquals("x  0:00  [==========]  100%  8/8 rows", host(8, 8));
        assertEquals("x  0:00  [==========]  100%  9/8 rows", host(9, 8), "more than announced stays full");
    }

    @Test
    void fitCutsToOneColumnLessThanTheScreen() {
        assertEquals("abcd", LiveLines.fit(new AttributedString("abcdefgh"), 5).toString());
        assertEquals("abcd", LiveLines.fit(new AttributedString("abcd"), 5).toString());
        assertEquals("a", LiveLines.fit(new AttributedString("abc"), 1).toString());
    }

    private static String host(long done, long total) {
        LiveBoard.HostRow row = new LiveBoard.HostRow("x", "", Duration.ZERO, done, total, "rows", "", -1, null, null);
        return LiveLines.host(row, 1, 0, 80).toString().replace("x    0:00", "x  0:00");
    }
}
