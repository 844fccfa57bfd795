package io.qfleet.coordinator.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Maps times to x positions for the timeline. Linear, except that an idle stretch (no step running
 * on any host, such as the hours between a crash and its resume) longer than {@link #MIN_GAP} and
 * than half the busy time is cut down to a fixed {@link #GAP_WIDTH}, so the steps stay readable.
 */
final class TimeScale {

    static final Duration MIN_GAP = Duration.ofMinutes(5);
    static final double GAP_WIDTH = 30;

    /** A stretch of time drawn from {@code x} to {@code x + width}; {@code gap} when it is cut down. */
    record Piece(long fromMs, long toMs, double x, double width, boolean gap) {}

    private final List<Piece> pieces;

    private TimeScale(List<Piece> pieces) {
        this.pieces = pieces;
    }

    /**
     * @param busy intervals when something ran ({@code [start, end]}, any order), all within
     *     {@code from} and {@code to}
     */
    static TimeScale of(Instant from, Instant to, List<Instant[]> busy, double x, double width) {
        long start = from.toEpochMilli();
        long end = Math.max(start + 1, to.toEpochMilli());
        List<long[]> gaps = idle(start, end, busy);
        long busyMs = end - start - gaps.stream().mapToLong(g -> g[1] - g[0]).sum();
        long threshold = Math.max(MIN_GAP.toMillis(), busyMs / 2);
        gaps.removeIf(g -> g[1] - g[0] <= threshold);
        long linearMs = Math.max(1, end - start - gaps.stream().mapToLong(g -> g[1] - g[0]).sum());
        double perMs = Math.max(1, width - gaps.size() * GAP_WIDTH) / linearMs;
        List<Piece> pieces = new ArrayList<>();
        long at = start;
        double left = x;
        for (long[] gap : gaps) {
            pieces.add(new Piece(at, gap[0], left, (gap[0] - at) * perMs, false));
            left += (gap[0] - at) * perMs;
            pieces.add(new Piece(gap[0], gap[1], left, GAP_WIDTH, true));
            left += GAP_WIDTH;
            at = gap[1];
        }
        pieces.add(new Piece(at, end, left, (end - at) * perMs, false));
        return new TimeScale(List.copyOf(pieces));
    }

    /** The stretches of [start, end] that no busy interval covers, in order. */
    private static List<long[]> idle(long start, long end, List<Instant[]> busy) {
        List<long[]> sorted = new ArrayList<>();
        for (Instant[] interval : busy) {
            sorted.add(new long[] {interval[0].toEpochMilli(), interval[1].toEpochMilli()});
        }
        sorted.sort(Comparator.comparingLong(i -> i[0]));
        List<long[]> gaps = new ArrayList<>();
        long covered = start;
        for (long[] interval : sorted) {
            if (interval[0] > covered) {
                gaps.add(new long[] {covered, interval[0]});
            }
            covered = Math.max(covered, interval[1]);
        }
        if (covered < end) {
            gaps.add(new long[] {covered, end});
        }
        return gaps;
    }

    List<Piece> pieces() {
        return pieces;
    }

    double x(Instant time) {
        long ms = time.toEpochMilli();
        Piece last = pieces.get(pieces.size() - 1);
        for (Piece piece : pieces) {
            if (ms <= piece.toMs || piece == last) {
                long clamped = Math.max(piece.fromMs, Math.min(piece.toMs, ms));
                long length = Math.max(1, piece.toMs - piece.fromMs);
                return piece.x + piece.width * (clamped - piece.fromMs) / length;
            }
        }
        return last.x + last.width;
    }

    /** The time drawn over the linear pieces, in milliseconds: what tick spacing is chosen for. */
    long linearMs() {
        return pieces.stream().filter(p -> !p.gap()).mapToLong(p -> p.toMs() - p.fromMs()).sum();
    }
}
