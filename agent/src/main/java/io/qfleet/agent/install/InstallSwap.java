package io.qfleet.agent.install;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces the install dir with the staged one by two renames on one filesystem, keeping the old
 * dir beside it as {@code <name>.previous-<suffix>}. Each rename is atomic, so after a crash the
 * directories are in one of three states: not swapped, install dir moved aside only, or swapped.
 * {@link #isSwapped} tells the last apart; {@link #revert} handles the middle one too.
 *
 * <p>Run only while QuestDB is stopped: the swap does not check processes.
 */
public final class InstallSwap {
    /** {@code <install dir name>.previous-<operation id>}: the binaries a swap moved aside. */
    public static final String PREVIOUS = ".previous-";
    /** {@code <install dir name>.reverted-<operation id>}: the binaries a revert moved aside. */
    public static final String REVERTED = ".reverted-";

    private InstallSwap() {
    }

    public static SwapPaths swap(Path installDir, Path stagedDir, String suffix) {
        requireNonNull(installDir, "installDir");
        requireNonNull(stagedDir, "stagedDir");
        requireNonNull(suffix, "suffix");
        if (!StagingPaths.OPERATION_ID.matcher(suffix).matches()) {
            throw AgentException.invalidArgument("bad_suffix",
                    "swap suffix: " + Quote.of(suffix) + " (expected: 1-100 of A-Z a-z 0-9 . _ -)");
        }
        Path install = installDir.toAbsolutePath().normalize();
        SwapPaths paths = new SwapPaths(install, StagingPaths.sibling(install, PREVIOUS + suffix),
                stagedDir.toAbsolutePath().normalize());
        requireDirectory(paths.installDir(), "install_dir_missing", "install dir");
        requireDirectory(paths.stagedDir(), "staged_dir_missing", "staged dir");
        if (Files.exists(paths.previousDir(), LinkOption.NOFOLLOW_LINKS)) {
            throw AgentException.failedPrecondition("previous_dir_exists", "cannot move the install dir aside: "
                    + paths.previousDir() + " already exists");
        }
        requireSameFileStore(paths);
        move(paths.installDir(), paths.previousDir());
        try {
            Files.move(paths.stagedDir(), paths.installDir(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw undo(paths.previousDir(), paths.installDir(), "cannot rename " + paths.stagedDir() + " to "
                    + paths.installDir() + ": " + Quote.reason(e), e);
        }
        Fsync.directory(paths.installDir().getParent());
        return paths;
    }

    /** Whether {@link #swap} completed: new install dir in place, previous kept, staged dir gone. */
    public static boolean isSwapped(SwapPaths paths) {
        requireNonNull(paths, "paths");
        return Files.isDirectory(paths.installDir()) && Files.isDirectory(paths.previousDir())
                && !Files.exists(paths.stagedDir(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Puts the previous install dir back; the swapped-in one goes to {@code revertedDir}. Also
     * finishes a swap that crashed between its two renames (install dir absent).
     */
    public static void revert(SwapPaths paths, Path revertedDir) {
        requireNonNull(paths, "paths");
        requireNonNull(revertedDir, "revertedDir");
        requireDirectory(paths.previousDir(), "previous_dir_missing", "previous install dir");
        Path reverted = revertedDir.toAbsolutePath().normalize();
        boolean installPresent = Files.exists(paths.installDir(), LinkOption.NOFOLLOW_LINKS);
        if (installPresent) {
            if (Files.exists(reverted, LinkOption.NOFOLLOW_LINKS)) {
                throw AgentException.failedPrecondition("reverted_dir_exists",
                        "cannot move the install dir aside: " + reverted + " already exists");
            }
            move(paths.installDir(), reverted);
        }
        try {
            Files.move(paths.previousDir(), paths.installDir(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            String what = "cannot rename " + paths.previousDir() + " to " + paths.installDir() + ": " + Quote.reason(e);
            if (installPresent) {
                throw undo(reverted, paths.installDir(), what, e);
            }
            throw AgentException.internal("swap_failed", what + "; nothing was changed", e);
        }
        Fsync.directory(paths.installDir().getParent());
    }

    private static void requireDirectory(Path dir, String reason, String what) {
        // A symlinked install dir would need the link swapped, not renamed; refuse it plainly.
        if (Files.isSymbolicLink(dir)) {
            throw AgentException.failedPrecondition(reason, what + " " + dir
                    + " is a symlink; point the agent settings at the directory it names");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw AgentException.failedPrecondition(reason, what + " " + dir + " does not exist or is not a directory");
        }
    }

    private static void requireSameFileStore(SwapPaths paths) {
        try {
            if (!Files.getFileStore(paths.installDir()).equals(Files.getFileStore(paths.stagedDir()))) {
                throw AgentException.failedPrecondition("cross_filesystem", "staged dir " + paths.stagedDir()
                        + " and install dir " + paths.installDir() + " are on different filesystems; stage beside it");
            }
        } catch (IOException e) {
            throw AgentException.internal("swap_failed", "cannot read the filesystems of " + paths.installDir()
                    + " and " + paths.stagedDir() + ": " + Quote.reason(e), e);
        }
    }

    /** The first rename: when it fails nothing has changed yet. */
    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw AgentException.internal("swap_failed",
                    "cannot rename " + from + " to " + to + ": " + Quote.reason(e) + "; nothing was changed", e);
        }
    }

    /** Undoes the first rename after the second failed; if that fails too, says where the binaries are. */
    private static AgentException undo(Path movedTo, Path backTo, String what, IOException cause) {
        try {
            Files.move(movedTo, backTo, StandardCopyOption.ATOMIC_MOVE);
            return AgentException.internal("swap_failed", what + "; " + backTo + " was moved back", cause);
        } catch (IOException e) {
            cause.addSuppressed(e);
            return AgentException.internal("swap_failed", what + "; moving it back failed too (" + Quote.reason(e)
                    + "): the binaries that were in " + backTo + " are now in " + movedTo, cause);
        }
    }
}
