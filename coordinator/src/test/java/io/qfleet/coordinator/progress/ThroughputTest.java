package io.qfleet.coordinator.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThroughputTest {

    static final Instant T0 = Instant.parse("2025-03-01T21:58:03Z");
    final Throughput speed = new Throughput();

    @Test
    void rateAndEtaFromHistory() {
        speed.add(T0, 0);
        speed.add(T0.plusSeconds(1), 100);
        speed.add(T0.plusSeconds(2), 200);

        assertEquals(100.0, speed.perSecond(T0.plusSeconds(2)), 1e-9);
        assertEquals(Duration.ofSeconds(8), speed.eta(1000, T0.plusSeconds(2)));
        assertEquals(Duration.ofSeconds(7), speed.eta(1000, T0.plusSeconds(3)), "counts down between samples");
    }

    @Test
    void unknownWithoutEnoughHistory() {
        assertEquals(-1, speed.perSecond(T0));
        speed.add(T0, 0);
        assertEquals(-1, speed.perSecond(T0));
        speed.add(T0.plusMillis(200), 100);
        assertEquals(-1, speed.perSecond(T0.plusMillis(200)), "less than half a second of history");
        assertNull(speed.eta(1000, T0.plusMillis(200)));
    }

    @Test
    void unknownWhenStalledOrStill() {
        speed.add(T0, 50);
        speed.add(T0.plusSeconds(2), 50);
        assertEquals(-1, speed.perSecond(T0.plusSeconds(2)), "no movement");

        speed.add(T0.plusSeconds(3), 150);
        assertEquals(Duration.ofSeconds(7), speed.sinceLast(T0.plusSeconds(10)));
        assertEquals(-1, speed.perSecond(T0.plusSeconds(10)), "nothing for more than 5 s");
    }

    @Test
    void onlyTheLastTenSecondsCount() {
        speed.add(T0, 0);
        speed.add(T0.plusSeconds(1), 1000);   // a fast start
        speed.add(T0.plusSeconds(20), 1100);
        speed.add(T0.plusSeconds(30), 1200);  // then 10 units/s

        assertEquals(10.0, speed.perSecond(T0.plusSeconds(30)), 1e-9);
    }

    @Test
    void countGoingBackRestartsHistory() {
        speed.add(T0, 0);
        speed.add(T0.plusSeconds(1), 500);
        speed.add(T0.plusSeconds(2), 10);     // retried from the start
        assertEquals(-1, speed.perSecond(T0.plusSeconds(2)));
        speed.add(T0.plusSeconds(3), 30);
        assertEquals(20.0, speed.perSecond(T0.plusSeconds(3)), 1e-9);
    }
}
