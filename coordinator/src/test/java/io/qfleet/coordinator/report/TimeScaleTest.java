package io.qfleet.coordinator.report;

import static io.qfleet.coordinator.report.JournalScript.t;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeScaleTest {

    static Instant[] busy(double from, double to) {
        return new Instant[] {t(from), t(to)};
    }

    @Test
    void linearWithoutLongIdleStretch() {
        // idle from 60 to 180 s: shorter than 5 minutes, drawn to scale
        TimeScale scale = TimeScale.of(t(0), t(600), List.of(busy(0, 60), busy(180, 600)), 100, 600);

        assertEquals(1, scale.pieces().size());
        assertEquals(100, scale.x(t(0)), 1e-9);
        assertEquals(400, scale.x(t(300)), 1e-9);
        assertEquals(700, scale.x(t(600)), 1e-9);
        assertEquals(700, scale.x(t(900)), 1e-9); // clamped
    }

    @Test
    void cutsTheNightBetweenCrashAndResume() {
        // 60 s busy, 4 h idle, 60 s busy: the 4 h get 30 px, the two minutes the rest
        TimeScale scale = TimeScale.of(t(0), t(14_460), List.of(busy(0, 60), busy(14_400, 14_460)), 100, 630);

        assertEquals(List.of(false, true, false), scale.pieces().stream().map(TimeScale.Piece::gap).toList());
        assertEquals(120_000, scale.linearMs());
        assertEquals(250, scale.x(t(30)), 1e-9);
        assertEquals(400, scale.x(t(60)), 1e-9);
        assertEquals(415, scale.x(t(7_230)), 1e-9); // the middle of the night, in the middle of the cut
        assertEquals(430, scale.x(t(14_400)), 1e-9);
        assertEquals(730, scale.x(t(14_460)), 1e-9);
    }

    @Test
    void keepsIdleStretchShorterThanHalfTheBusyTime() {
        // 40 min busy around a 10 min pause: still to scale
        TimeScale scale = TimeScale.of(t(0), t(3_000), List.of(busy(0, 1_200), busy(1_800, 3_000)), 0, 500);

        assertEquals(1, scale.pieces().size());
    }
}
