package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.client.RootMarks;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shared-storage guard, decided: pure. At preflight every host's agent writes a marker with an
 * id issued for this preflight into its QuestDB root and lists what it sees. Each agent writes, then
 * reads, so whatever the order, of two hosts on one storage the later writer sees the earlier one's
 * marker; then both are refused (one migrating would change the data under the other).
 *
 * <p>Only markers carrying this preflight's id for a host of this fleet count: a marker from an
 * earlier run is stale (the host may have moved to its own storage since), one inside a root
 * restored from another host's backup is a copy, and a host of another fleet file cannot be told
 * apart from either.
 */
public final class SharedRoots {
    private SharedRoots() {}

    /** A fresh marker id: 16 hex digits, unguessable enough that a stale or copied marker never matches. */
    public static String newMarkerId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /**
     * For every host refused, the one line saying why. {@code issued}: host -> the id handed to its
     * agent; {@code seen}: host -> what its agent found (hosts whose marking failed are absent).
     */
    public static Map<String, String> refusals(Map<String, String> issued, Map<String, RootMarks> seen) {
        Map<String, Set<String>> partners = new TreeMap<>();
        Map<String, String> rootOf = new LinkedHashMap<>();
        seen.forEach((finder, marks) -> marks.markers().forEach((other, id) -> {
            if (!other.equals(finder) && id.equals(issued.get(other))) {
                partners.computeIfAbsent(finder, h -> new TreeSet<>()).add(other);
                partners.computeIfAbsent(other, h -> new TreeSet<>()).add(finder);
                rootOf.putIfAbsent(finder, marks.root());
                rootOf.putIfAbsent(other, marks.root());
            }
        }));
        Map<String, String> refusals = new TreeMap<>();
        partners.forEach((host, others) -> refusals.put(host, host + " and " + String.join(", ", others)
                + " share the QuestDB root " + rootOf.get(host) + " (one storage: a marker this preflight wrote for one host "
                + "turned up in the other's root); migrating one would change the data under the other: give each host its own "
                + "root, or keep only one of them in the fleet file"));
        return refusals;
    }
}
