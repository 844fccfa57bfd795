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
 * replicas cannot read). A cluster whose replication is being set up in this run ({@code primaryFirst})
 * goes the other way: its primary first (a replica is seeded from a checkpoint of the primary taken
 * after replication is on), its replicas in later waves.
 */
public final class WavePlan {
    private WavePlan() {}

    public static List<List<HostEntry>> plan(List<HostEntry> hosts, List<WaveSize> sizes) {
        return plan(hosts, sizes, java.util.Set.of());
    }

    /** As {@link #plan(List, List)}; the clusters in {@code primaryFirst} have their primary go before their replicas. */
    public static List<List<HostEntry>> plan(List<HostEntry> hosts, List<WaveSize> sizes, java.util.Set<String> primaryFirst) {
        java.util.function.Predicate<HostEntry> leads = h -> h.role() == Role.PRIMARY && primaryFirst.contains(h.cluster());
        List<HostEntry> ordered = new ArrayList<>();
        hosts.stream().filter(leads).forEach(ordered::add);
        hosts.stream().filter(h -> h.role() != Role.PRIMARY).forEach(ordered::add);
        hosts.stream().filter(h -> h.role() == Role.PRIMARY && !leads.test(h)).forEach(ordered::add);
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
        separatePrimaries(waves, primaryFirst);
        return waves.stream().filter(w -> !w.isEmpty()).map(List::copyOf).toList();
    }

    /**
     * Moves to the next wave whichever of a primary and its replicas goes second but shares a wave with
     * the other: the primary, or (for {@code primaryFirst} clusters) the replicas.
     */
    private static void separatePrimaries(List<List<HostEntry>> waves, java.util.Set<String> primaryFirst) {
        for (int i = 0; i < waves.size(); i++) {
            List<HostEntry> wave = waves.get(i);
            List<HostEntry> moved = wave.stream()
                    .filter(h -> primaryFirst.contains(h.cluster()) ? h.role() == Role.REPLICA : h.role() == Role.PRIMARY)
                    .filter(second -> wave.stream().anyMatch(h -> h.role() != second.role() && h.role() != Role.STANDALONE
                            && h.cluster().equals(second.cluster())))
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
