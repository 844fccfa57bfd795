package io.qfleet.agent.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.files.WriteAllowList.Area;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where writes may go: inside an area, through {@code ..}, through symlinks in and out, to a swap's siblings. */
class WriteAllowListTest {
    @TempDir
    Path tmp;
    private Path root;
    private Path install;
    private Path outside;
    private WriteAllowList allowList;

    @BeforeEach
    void layOut() throws IOException {
        root = Files.createDirectories(tmp.resolve("var/lib/questdb"));
        install = Files.createDirectories(tmp.resolve("opt/questdb"));
        outside = Files.createDirectories(tmp.resolve("opt/outside"));
        allowList = WriteAllowList.of(List.of(Area.tree("questdb.root", root), Area.tree("questdb.install_dir", install),
                Area.siblings("questdb.install_dir", install, List.of(".staged-", ".previous-"))));
    }

    @Test
    void pathsInsideAnAreaExistingOrNotAreAllowed() throws IOException {
        Files.createDirectories(root.resolve("db"));
        assertEquals(root.resolve("conf/server.conf"), allowList.require(root.resolve("conf/server.conf"), "file"));
        assertTrue(allowList.allows(root), "the area itself (a restore renames it)");
        assertTrue(allowList.allows(install.resolve("a/b/c/not-yet.jar")));
        assertTrue(allowList.allows(root.resolve("db/../conf/x")), "'..' that stays inside");
    }

    @Test
    void pathsOutsideAndDotDotOutAreRefusedWithTheAllowedDirsInTheMessage() {
        assertFalse(allowList.allows(outside.resolve("sentinel.txt")));
        assertFalse(allowList.allows(tmp.resolve("var/lib")), "the parent of an area");
        assertFalse(allowList.allows(root.resolve("../questdb-other/x")), "'..' that leaves, to a name sharing the prefix");
        AgentException refused = assertThrows(AgentException.class,
                () -> allowList.require(install.resolve("../outside/sentinel.txt"), "staged dir"));
        assertEquals("path_not_allowed", refused.reason());
        assertEquals(AgentException.Kind.FAILED_PRECONDITION, refused.kind());
        assertEquals("staged dir " + install.resolve("../outside/sentinel.txt") + " (resolves to " + outside.resolve("sentinel.txt")
                + ") is outside the directories the agent writes; allowed: questdb.root " + root + "; questdb.install_dir " + install
                + "; siblings of questdb.install_dir named questdb.staged-*, questdb.previous-*", refused.getMessage());
        assertEquals(AgentException.Kind.INVALID_ARGUMENT,
                assertThrows(AgentException.class, () -> allowList.requireRequested(outside, "archive_path")).kind());
    }

    @Test
    void aSymlinkInsideThatLeadsOutIsRefusedAndOneThatStaysInIsAllowed() throws IOException {
        Path escape = Files.createSymbolicLink(root.resolve("escape"), outside);
        assertFalse(allowList.allows(escape.resolve("new-file")), "a file that does not exist yet, through the link");
        assertFalse(allowList.allows(escape));
        Path inside = Files.createSymbolicLink(root.resolve("conf-link"), Files.createDirectories(root.resolve("conf")));
        assertTrue(allowList.allows(inside.resolve("server.conf")));
        Path toInstall = Files.createSymbolicLink(outside.resolve("to-install"), install);
        assertTrue(allowList.allows(toInstall.resolve("questdb.jar")), "judged by where it leads, not how it is spelled");
        // A link followed by "..": the kernel goes to the link target's parent, not back to root.
        Path deep = Files.createDirectories(outside.resolve("deep/er"));
        Files.createSymbolicLink(root.resolve("deeplink"), deep);
        assertFalse(allowList.allows(root.resolve("deeplink/../x")), root.resolve("deeplink/../x") + " is " + outside.resolve("deep/x"));
    }

    @Test
    void aSymlinkThatPointsNowhereIsRefused() throws IOException {
        Path dangling = Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-there"));
        AgentException refused = assertThrows(AgentException.class, () -> allowList.require(dangling, "manifest"));
        assertTrue(refused.getMessage().contains("a symlink that points nowhere"), refused.getMessage());
        assertFalse(allowList.allows(dangling.resolve("below")));
        assertFalse(Files.exists(outside.resolve("not-there")));
    }

    @Test
    void onlySiblingsWithTheSwapPrefixesAreAllowedBesideTheInstallDir() {
        assertTrue(allowList.allows(tmp.resolve("opt/questdb.staged-op-1/questdb.jar")));
        assertTrue(allowList.allows(tmp.resolve("opt/questdb.previous-swap-1")));
        assertFalse(allowList.allows(tmp.resolve("opt/questdb.staged-")), "the prefix alone names no operation");
        assertFalse(allowList.allows(tmp.resolve("opt/questdb.reverted-x")), "not a listed prefix");
        assertFalse(allowList.allows(tmp.resolve("opt/questdbX.staged-1")));
        assertFalse(allowList.allows(tmp.resolve("opt")));
        assertFalse(allowList.allows(tmp.resolve("opt/questdb.staged-1/../outside/x")));
    }

    @Test
    void aDirectoryReplacedByASymlinkAfterStartDoesNotMoveItsArea() throws IOException {
        Path later = tmp.resolve("etc/questdb.service.d");
        WriteAllowList dropIns = WriteAllowList.of(List.of(Area.tree("questdb.drop_in_dir", later)));
        assertTrue(dropIns.allows(later.resolve("qfleet-edition.conf")));
        Files.createDirectories(later.getParent());
        Files.createSymbolicLink(later, outside);
        assertFalse(dropIns.allows(later.resolve("qfleet-edition.conf")));
    }

    @Test
    void realPathsRefuseRelativePathsAndDotDotBelowWhatExists() {
        assertThrows(IOException.class, () -> RealPaths.of(Path.of("relative/x")));
        IOException below = assertThrows(IOException.class, () -> RealPaths.of(root.resolve("missing/../../../outside")));
        assertTrue(below.getMessage().contains("has '..' below"), below.getMessage());
        assertFalse(allowList.allows(Path.of("relative")));
    }
}
