package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.qfleet.coordinator.client.RootMarks;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedRootsTest {
    private static final Map<String, String> ISSUED = Map.of("db-1", "a1", "db-2", "b2", "db-3", "c3");

    @Test
    void ownRootsRefuseNobody() {
        Map<String, RootMarks> seen = Map.of("db-1", marks("/r1", "db-1", "a1"), "db-2", marks("/r2", "db-2", "b2"));

        assertEquals(Map.of(), SharedRoots.refusals(ISSUED, seen));
    }

    @Test
    void theLaterWriterSeeingTheEarlierRefusesBoth() {
        // db-1 wrote and read first (saw only itself); db-2 then found db-1's marker of this preflight.
        Map<String, RootMarks> seen = Map.of("db-1", marks("/srv/q", "db-1", "a1"),
                "db-2", marks("/srv/q", "db-1", "a1", "db-2", "b2"), "db-3", marks("/r3", "db-3", "c3"));

        Map<String, String> refusals = SharedRoots.refusals(ISSUED, seen);

        String line = "db-1 and db-2 share the QuestDB root /srv/q (one storage: a marker this preflight wrote for one host "
                + "turned up in the other's root); migrating one would change the data under the other: give each host its own "
                + "root, or keep only one of them in the fleet file";
        assertEquals(Map.of("db-1", line, "db-2", line.replaceFirst("db-1 and db-2", "db-2 and db-1")), refusals);
    }

    @Test
    void staleOrCopiedMarkersAndOtherFleetsDoNotCount() {
        // db-1's marker from an earlier run (or inside a root restored from db-1's backup), and a host of another fleet file.
        Map<String, RootMarks> seen = Map.of("db-2", marks("/r2", "db-1", "old", "db-2", "b2", "db-9", "z9"));

        assertEquals(Map.of(), SharedRoots.refusals(ISSUED, seen));
    }

    @Test
    void threeHostsOnOneStorageNameEachOther() {
        Map<String, RootMarks> seen = Map.of("db-3", marks("/s", "db-1", "a1", "db-2", "b2", "db-3", "c3"));

        assertEquals("db-3 and db-1, db-2 share", SharedRoots.refusals(ISSUED, seen).get("db-3").substring(0, 25));
        assertEquals(3, SharedRoots.refusals(ISSUED, seen).size());
    }

    @Test
    void markerIdsAreFresh() {
        assertNotEquals(SharedRoots.newMarkerId(), SharedRoots.newMarkerId());
        assertEquals(16, SharedRoots.newMarkerId().length());
    }

    private static RootMarks marks(String root, String... hostAndId) {
        Map<String, String> markers = new java.util.TreeMap<>();
        for (int i = 0; i < hostAndId.length; i += 2) {
            markers.put(hostAndId[i], hostAndId[i + 1]);
        }
        return new RootMarks(root, markers);
    }
}
