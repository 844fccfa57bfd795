package io.qfleet.agent.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.testing.TreeDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real directories laid out like a host: a confirmed clear_fs_store aimed at QuestDB's or the
 * agent's directories, by any route, is refused with every file on the host left as it was.
 */
class FsStorePlacesTest {
    @TempDir
    Path tmp;
    private Path root;
    private Path install;
    private Path state;
    private Path nfs;

    @BeforeEach
    void layOutHost() throws Exception {
        root = tmp.resolve("var/lib/questdb");
        install = tmp.resolve("opt/questdb");
        state = tmp.resolve("var/lib/qfleet/state");
        nfs = tmp.resolve("mnt/nfs");
        Files.createDirectories(root.resolve("db/trades"));
        Files.writeString(root.resolve("db/trades/_meta"), "table data");
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/server.conf"), "http.enabled=true\n");
        Files.createDirectories(install.resolve("lib"));
        Files.writeString(install.resolve("lib/questdb.jar"), "jar");
        Files.createDirectories(state);
        Files.writeString(state.resolve("op-1.json"), "{}");
        Files.createDirectories(nfs);
        Files.createSymbolicLink(nfs.resolve("looks-like-a-store"), root);
    }

    private Map<String, Path> kept() {
        Map<String, Path> kept = new LinkedHashMap<>();
        kept.put("questdb.root", root);
        kept.put("questdb.install_dir", install);
        kept.put("state_dir", state);
        return kept;
    }

    static Stream<Arguments> overlapping() {
        return Stream.of(
                Arguments.of("the root", "var/lib/questdb", "is this agent's questdb.root"),
                Arguments.of("the root's parent", "var/lib", "holds this agent's questdb.root"),
                Arguments.of("a dir inside the root", "var/lib/questdb/db", "lies inside this agent's questdb.root"),
                Arguments.of("the install dir", "opt/questdb", "is this agent's questdb.install_dir"),
                Arguments.of("the state dir", "var/lib/qfleet/state", "is this agent's state_dir"),
                Arguments.of("a symlink to the root", "mnt/nfs/looks-like-a-store", "(resolves to "),
                Arguments.of("'..' up to the root", "mnt/nfs/../../var/lib/questdb", "is this agent's questdb.root"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlapping")
    void aConfirmedClearAimedAtQuestDbOrTheAgentIsRefusedWithNothingChanged(String name, String store, String expected)
            throws Exception {
        // Even with the whole temp dir allowed, as a careless fs_store_dirs would: the overlap check alone holds.
        FsStorePlaces places = FsStorePlaces.of(List.of(tmp), kept());
        SortedMap<String, String> before = TreeDigest.of(tmp);
        AgentException refused = assertThrows(AgentException.class, () -> FsStoreOwnership.claim(places, Path.of(tmp + "/" + store),
                nfs.resolve("scratch"), "trades", "fs::root=x;", "", true));
        assertEquals("fs_store_overlaps", refused.reason(), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertTrue(refused.getMessage().contains("point replication.object_store at a directory of its own"), refused.getMessage());
        assertEquals(before, TreeDigest.of(tmp), "nothing on the host changed");
    }

    @Test
    void anAtomicWriteDirInsideTheRootIsRefusedToo() throws Exception {
        FsStorePlaces places = FsStorePlaces.of(List.of(tmp), kept());
        SortedMap<String, String> before = TreeDigest.of(tmp);
        AgentException refused = assertThrows(AgentException.class, () -> FsStoreOwnership.claim(places, nfs.resolve("trades"),
                root.resolve("tmp"), "trades", "fs::root=x;", "", true));
        assertEquals("fs_store_overlaps", refused.reason());
        assertTrue(refused.getMessage().startsWith("fs store atomic_write_dir=" + root.resolve("tmp") + " lies inside"), refused.getMessage());
        assertEquals(before, TreeDigest.of(tmp));
    }

    @Test
    void withoutFsStoreDirsEveryStoreIsRefusedNamingTheKey() throws Exception {
        FsStorePlaces places = FsStorePlaces.of(List.of(), kept());
        SortedMap<String, String> before = TreeDigest.of(tmp);
        AgentException refused = assertThrows(AgentException.class, () -> FsStoreOwnership.claim(places, nfs.resolve("trades"),
                nfs.resolve("scratch"), "trades", "fs::root=x;", "", true));
        assertEquals("fs_store_not_allowed", refused.reason());
        assertTrue(refused.getMessage().contains("allows no fs:: store; list the directory it may live in under"
                + " replication.fs_store_dirs"), refused.getMessage());
        assertEquals(before, TreeDigest.of(tmp));
        assertFalse(Files.exists(nfs.resolve("trades")));
    }

    @Test
    void aStoreOutsideFsStoreDirsIsRefusedAndOneInsideIsClaimed() throws Exception {
        FsStorePlaces places = FsStorePlaces.of(List.of(nfs), kept());
        Path elsewhere = tmp.resolve("home/ops/data");
        AgentException refused = assertThrows(AgentException.class, () -> FsStoreOwnership.claim(places, elsewhere,
                nfs.resolve("scratch"), "trades", "fs::root=x;", "", true));
        assertEquals("fs_store_not_allowed", refused.reason());
        assertTrue(refused.getMessage().contains("lies outside replication.fs_store_dirs [" + nfs + "]"), refused.getMessage());
        assertFalse(Files.exists(elsewhere));

        String claimed = FsStoreOwnership.claim(places, nfs.resolve("trades"), nfs.resolve("scratch"), "trades", "fs::root=x;", "", false);
        assertTrue(claimed.contains("was empty: claimed for cluster trades"), claimed);
        assertEquals("trades", FsStoreOwnership.owner(nfs.resolve("trades")));
    }
}
