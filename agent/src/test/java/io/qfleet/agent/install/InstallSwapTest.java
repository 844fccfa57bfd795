package io.qfleet.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallSwapTest {
    @TempDir
    Path tmp;
    Path install;
    Path staged;

    @BeforeEach
    void setUp() throws IOException {
        install = Files.createDirectories(tmp.resolve("questdb"));
        Files.writeString(install.resolve("questdb.jar"), "old");
        staged = StagingPaths.stagedDirFor(install, "op-1");
        Files.createDirectories(staged);
        Files.writeString(staged.resolve("questdb.jar"), "new");
    }

    @Test
    void swapsByRenameAndKeepsThePreviousInstall() throws IOException {
        SwapPaths expected = new SwapPaths(install, tmp.resolve("questdb.previous-op-1"), staged);
        assertFalse(InstallSwap.isSwapped(expected));

        SwapPaths paths = InstallSwap.swap(install, staged, "op-1");

        assertEquals(expected, paths);
        assertTrue(InstallSwap.isSwapped(paths));
        assertEquals("new", Files.readString(install.resolve("questdb.jar")));
        assertEquals("old", Files.readString(paths.previousDir().resolve("questdb.jar")));
        assertEquals(Set.of("questdb", "questdb.previous-op-1"), names(tmp));
    }

    @Test
    void revertPutsThePreviousInstallBack() throws IOException {
        SwapPaths paths = InstallSwap.swap(install, staged, "op-1");
        Path reverted = tmp.resolve("questdb.reverted-op-2");

        InstallSwap.revert(paths, reverted);

        assertFalse(InstallSwap.isSwapped(paths));
        assertEquals("old", Files.readString(install.resolve("questdb.jar")));
        assertEquals("new", Files.readString(reverted.resolve("questdb.jar")));
        assertEquals(Set.of("questdb", "questdb.reverted-op-2"), names(tmp));
    }

    @Test
    void revertFinishesASwapThatStoppedBetweenItsRenames() throws IOException {
        Path previous = tmp.resolve("questdb.previous-op-1");
        Files.move(install, previous);
        SwapPaths paths = new SwapPaths(install, previous, staged);

        InstallSwap.revert(paths, tmp.resolve("questdb.reverted-op-2"));

        assertEquals("old", Files.readString(install.resolve("questdb.jar")));
        assertEquals(Set.of("questdb", "questdb.staged-op-1"), names(tmp));
    }

    @Test
    void refusesMissingStagedDirWithoutMovingAnything() throws IOException {
        Path missing = tmp.resolve("questdb.staged-op-9");

        AgentException e = assertThrows(AgentException.class, () -> InstallSwap.swap(install, missing, "op-9"));

        assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());
        assertEquals("staged_dir_missing", e.reason());
        assertEquals(Set.of("questdb", "questdb.staged-op-1"), names(tmp));
    }

    @Test
    void refusesMissingInstallDirWithoutMovingAnything() throws IOException {
        Path missing = tmp.resolve("other");

        AgentException e = assertThrows(AgentException.class, () -> InstallSwap.swap(missing, staged, "op-1"));

        assertEquals("install_dir_missing", e.reason());
        assertEquals(Set.of("questdb", "questdb.staged-op-1"), names(tmp));
    }

    @Test
    void refusesSymlinkedInstallDir() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("current"), install);

        AgentException e = assertThrows(AgentException.class, () -> InstallSwap.swap(link, staged, "op-1"));

        assertEquals("install_dir_missing", e.reason());
        assertTrue(e.getMessage().contains("is a symlink"), e.getMessage());
        assertEquals(Set.of("current", "questdb", "questdb.staged-op-1"), names(tmp));
    }

    @Test
    void refusesWhenThePreviousDirIsTaken() throws IOException {
        Files.createDirectory(tmp.resolve("questdb.previous-op-1"));

        AgentException e = assertThrows(AgentException.class, () -> InstallSwap.swap(install, staged, "op-1"));

        assertEquals("previous_dir_exists", e.reason());
        assertEquals("old", Files.readString(install.resolve("questdb.jar")));
        assertTrue(Files.isDirectory(staged));
    }

    @Test
    void movesTheInstallDirBackWhenTheSecondRenameFails() throws IOException {
        // A staged dir inside the install dir vanishes with the first rename, so the second fails.
        Path inside = Files.createDirectories(install.resolve("nested"));

        AgentException e = assertThrows(AgentException.class, () -> InstallSwap.swap(install, inside, "op-1"));

        assertEquals(AgentException.Kind.INTERNAL, e.kind());
        assertEquals("swap_failed", e.reason());
        assertTrue(e.getMessage().endsWith(install + " was moved back"), e.getMessage());
        assertEquals("old", Files.readString(install.resolve("questdb.jar")));
        assertEquals(Set.of("questdb", "questdb.staged-op-1"), names(tmp));
    }

    @Test
    void refusesStagedDirOnAnotherFilesystem() throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm");
        assumeTrue(!Files.getFileStore(shm).equals(Files.getFileStore(tmp)), "/dev/shm is on the same filesystem");
        Path elsewhere = Files.createTempDirectory(shm, "qfleet-staged-");
        try {
            AgentException e = assertThrows(AgentException.class, () -> InstallSwap.swap(install, elsewhere, "op-1"));

            assertEquals("cross_filesystem", e.reason());
            assertEquals(Set.of("questdb", "questdb.staged-op-1"), names(tmp));
            assertTrue(Files.isDirectory(elsewhere));
        } finally {
            Files.delete(elsewhere);
        }
    }

    @Test
    void refusesBadSuffix() {
        assertEquals("bad_suffix", assertThrows(AgentException.class,
                () -> InstallSwap.swap(install, staged, "../x")).reason());
    }

    @Test
    void revertRefusesWithoutPreviousDir() throws IOException {
        SwapPaths paths = new SwapPaths(install, tmp.resolve("questdb.previous-op-1"), staged);

        AgentException e = assertThrows(AgentException.class,
                () -> InstallSwap.revert(paths, tmp.resolve("questdb.reverted")));

        assertEquals("previous_dir_missing", e.reason());
        assertEquals(Set.of("questdb", "questdb.staged-op-1"), names(tmp));
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
