package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.Role;
import io.qfleet.coordinator.fleet.Rollout.WaveSize;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a fleet into the waves of the switch steps. Pure. Wave sizes are cumulative targets
 * ({@code [1, 10%, 50%, 100%]}: one canary, then up to 10% of the fleet done, then 50%, then all),
 * percentages rounded up, every wave at least one host; hosts past the last size form a final
 * wave. Primaries go after every other host, and never share a wave with a replica of their
 * cluster, so replicas are always upgraded first (a newer primary may write metadata older
 * replicas cannot read).
 */
public final class WavePlan {
    private WavePlan() {}

    public static List<List<HostEntry>> plan(List<HostEntry> hosts, List<WaveSize> sizes) {
        List<HostEntry> ordered = new ArrayList<>();
        hosts.stream().filter(h -> h.role() != Role.PRIMARY).forEach(ordered::add);
        hosts.stream().filter(h -> h.role() == Role.PRIMARY).forEach(ordered::add);
        List<List<HostEntry>> waves = new ArrayList<>();
        int done = 0;
        for (WaveSize size : sizes) {
            if (done == ordered.size()) {
                break;
            }
            int target = Math.min(ordered.size(), Math.max(done + 1, size.of(ordered.size())));
            waves.add(new ArrayList<>(ordered.subList(done, target)));
            done = target;
        }
        if (done < ordered.size()) {
            waves.add(new ArrayList<>(ordered.subList(done, ordered.size())));
        }
        separatePrimaries(waves);
        return waves.stream().filter(w -> !w.isEmpty()).map(List::copyOf).toList();
    }

    /** Moves a primary that shares a wave with one of its replicas to the next wave. */
    private static void separatePrimaries(List<List<HostEntry>> waves) {
        for (int i = 0; i < waves.size(); i++) {
            List<HostEntry> wave = waves.get(i);
            List<HostEntry> moved = wave.stream()
                    .filter(h -> h.role() == Role.PRIMARY)
                    .filter(primary -> wave.stream().anyMatch(h -> h.role() == Role.REPLICA && h.cluster().equals(primary.cluster())))
                    .toList();
            if (moved.isEmpty()) {
                continue;
            }
            wave.removeAll(moved);
            if (i + 1 == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(i + 1).addAll(0, moved);
        }
    }
}
