package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a run spreads over the fleet: staging runs wide, the switch steps in waves.
 *
 * @param stageParallelism hosts preflighted, uploaded to and staged at once ({@code stage_parallelism}, default 8)
 * @param waves cumulative wave sizes ({@code waves}, default {@code [1, 100%]}: a canary, then the rest)
 * @param maxUnavailable hosts of a wave that may be in their switch steps at once ({@code max_unavailable}, default 1)
 * @param maxFailures failed or rolled-back hosts tolerated before no further host starts ({@code max_failures}, default 0)
 */
public record Rollout(int stageParallelism, List<WaveSize> waves, int maxUnavailable, WaveSize maxFailures) {

    public static final Rollout DEFAULTS =
            new Rollout(8, List.of(WaveSize.count(1), WaveSize.percent(100)), 1, WaveSize.count(0));

    public Rollout {
        waves = List.copyOf(requireNonNull(waves, "waves"));
        requireNonNull(maxFailures, "maxFailures");
        if (stageParallelism < 1 || maxUnavailable < 1 || waves.isEmpty()) {
            throw new IllegalArgumentException("rollout: stage_parallelism and max_unavailable >= 1, waves not empty");
        }
    }

    /**
     * A number of hosts, or a percentage of the fleet rounded up (at least one host when above 0).
     *
     * @param value a count, or a percentage when {@code percent}
     */
    public record WaveSize(int value, boolean percent) {

        public static WaveSize count(int hosts) {
            return new WaveSize(hosts, false);
        }

        public static WaveSize percent(int percent) {
            return new WaveSize(percent, true);
        }

        /** How many of {@code fleetSize} hosts this is. */
        public int of(int fleetSize) {
            if (!percent) {
                return Math.min(value, fleetSize);
            }
            return value == 0 ? 0 : Math.max(1, (int) Math.ceil(fleetSize * value / 100.0));
        }

        @Override
        public String toString() {
            return percent ? value + "%" : Integer.toString(value);
        }
    }
}
