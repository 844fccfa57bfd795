package io.qfleet.agent.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real directories: the ownership rules of an fs:: store, each with what it must leave alone. */
class FsStoreOwnershipTest {
    private static final String STORE = "fs::root=/x;atomic_write_dir=/y;";

    @TempDir
    Path tmp;

    /** Stores allowed anywhere in the temp dir, as replication.fs_store_dirs would say; nothing kept. */
    private FsStorePlaces places() {
        return FsStorePlaces.of(List.of(tmp), Map.of());
    }

    @Test
    void aMissingOrEmptyStoreIsClaimedAndThenRecognised() throws Exception {
        Path root = tmp.resolve("store/trades");
        Path scratch = tmp.resolve("store/scratch");
        String first = FsStoreOwnership.claim(places(), root, scratch, "trades", STORE, "", false);
        assertTrue(first.contains("was empty: claimed for cluster trades"), first);
        assertTrue(Files.isDirectory(scratch));
        assertEquals("trades", FsStoreOwnership.owner(root));
        Files.writeString(root.resolve("wal-segment"), "data QuestDB wrote");
        String again = FsStoreOwnership.claim(places(), root, scratch, "trades", STORE, "", false);
        assertTrue(again.contains("belongs to cluster trades"), again);
        assertTrue(Files.exists(root.resolve("wal-segment")), "our own store is never cleared");
    }

    @Test
    void filesWithoutOurMarkerAreRefusedAndLeftUnlessClearingIsConfirmed() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        Files.writeString(root.resolve("from-a-test-instance"), "x");
        Files.createDirectories(root.resolve("dir/nested"));
        AgentException refused = assertThrows(AgentException.class,
                () -> FsStoreOwnership.claim(places(), root, tmp.resolve("scratch"), "trades", STORE, "", false));
        assertEquals("fs_store_not_owned", refused.reason());
        assertTrue(refused.getMessage().contains("replication.clear_fs_store: [trades]"), refused.getMessage());
        assertTrue(Files.exists(root.resolve("from-a-test-instance")), "nothing deleted without confirmation");
        assertFalse(Files.exists(root.resolve(FsStoreOwnership.MARKER)));

        String cleared = FsStoreOwnership.claim(places(), root, tmp.resolve("scratch"), "trades", STORE, "", true);
        assertTrue(cleared.contains("cleared as confirmed"), cleared);
        try (var left = Files.list(root)) {
            assertEquals(1, left.count(), "only our marker is left");
        }
        assertEquals("trades", FsStoreOwnership.owner(root));
    }

    @Test
    void anotherClustersStoreIsRefusedAndAStoreThisPrimaryAlreadyUsesIsAdopted() throws Exception {
        Path root = tmp.resolve("store");
        FsStoreOwnership.claim(places(), root, tmp.resolve("scratch"), "orders", STORE, "", false);
        Files.writeString(root.resolve("segment"), "orders data");
        AgentException refused = assertThrows(AgentException.class,
                () -> FsStoreOwnership.claim(places(), root, tmp.resolve("scratch"), "trades", STORE, "", false));
        assertTrue(refused.getMessage().contains("belongs to cluster orders"), refused.getMessage());
        assertTrue(Files.exists(root.resolve("segment")));

        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("segment"), "written by the running primary");
        String adopted = FsStoreOwnership.claim(places(), used, tmp.resolve("scratch"), "trades", STORE, STORE, false);
        assertTrue(adopted.contains("adopted for cluster trades"), adopted);
        assertTrue(Files.exists(used.resolve("segment")));
    }

    @Test
    void aScratchDirInsideTheStoreDoesNotMakeItForeign() {
        Path root = tmp.resolve("store");
        String claimed = FsStoreOwnership.claim(places(), root, root.resolve("tmp"), "trades", STORE, "", false);
        assertTrue(claimed.contains("was empty"), claimed);
        assertTrue(Files.isDirectory(root.resolve("tmp")));
    }
}
