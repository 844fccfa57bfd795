package io.qfleet.coordinator.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Speed and time left of one step, from its progress history: units per second over the last
 * {@link #WINDOW} of samples. Unknown (negative) with less than {@link #MIN_SPAN} of history,
 * without movement, or when the last sample is older than {@link #STALL}. Not thread-safe.
 */
final class Throughput {

    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration MIN_SPAN = Duration.ofMillis(500);
    static final Duration STALL = Duration.ofSeconds(5);

    private final Deque<Sample> samples = new ArrayDeque<>();

    /** Records {@code done} at {@code at}; a count that went back (a retried transfer) restarts the history. */
    void add(Instant at, long done) {
        Sample last = samples.peekLast();
        if (last != null && (done < last.done || at.isBefore(last.at))) {
            samples.clear();
        }
        samples.addLast(new Sample(at, done));
        Instant oldest = at.minus(WINDOW);
        while (samples.size() > 2 && samples.peekFirst().at.isBefore(oldest)) {
            samples.removeFirst();
        }
    }

    /** Units per second, or -1 when unknown. */
    double perSecond(Instant now) {
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        if (first == null || first == last || last.at.plus(STALL).isBefore(now)) {
            return -1;
        }
        Duration span = Duration.between(first.at, last.at);
        if (span.compareTo(MIN_SPAN) < 0 || last.done <= first.done) {
            return -1;
        }
        return (last.done - first.done) * 1_000_000_000.0 / span.toNanos();
    }

    /** Time to reach {@code total} at the current speed, from the last sample; null when unknown. */
    Duration eta(long total, Instant now) {
        double rate = perSecond(now);
        Sample last = samples.peekLast();
        if (rate <= 0 || last == null || total <= 0) {
            return null;
        }
        long left = Math.max(0, total - last.done);
        Duration remaining = Duration.ofMillis((long) Math.ceil(left * 1000.0 / rate));
        Duration since = Duration.between(last.at, now);
        return since.compareTo(remaining) >= 0 ? Duration.ZERO : remaining.minus(since);
    }

    /** How long since the last sample, or null without samples. */
    Duration sinceLast(Instant now) {
        Sample last = samples.peekLast();
        return last == null ? null : Duration.between(last.at, now);
    }

    private record Sample(Instant at, long done) {}
}
