package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.journal.IoReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory a command is about to write into, made if missing before the command does anything
 * else; one that cannot be made ends the command with one line saying why (exit 2).
 */
final class MadeDirectory {
    private MadeDirectory() {}

    /**
     * {@code dir}, made with its parents if missing.
     *
     * @param named how the error names it, e.g. {@code --runs-dir /x}
     * @param hint  appended to the error, e.g. {@code ; --runs-dir DIR keeps runs elsewhere}, or ""
     */
    static Path make(String named, Path dir, String hint) {
        if (!Files.isDirectory(dir)) { // one that is there, a symlink to one included, is taken as it is
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new CommandFailedException(ExitCodes.USAGE, named + ": cannot make the directory (" + reason(e) + ")" + hint, e);
            }
        }
        if (!Files.isWritable(dir)) {
            throw new CommandFailedException(ExitCodes.USAGE, named + ": cannot write in the directory (permission denied)" + hint);
        }
        return dir;
    }

    /** The topmost of {@code dir} and its parents that is missing, which {@link #make} would make; null when {@code dir} is there. */
    static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path at = dir.toAbsolutePath().normalize(); at != null && !Files.exists(at); at = at.getParent()) {
            missing = at;
        }
        return missing;
    }

    /**
     * Removes {@code dir} and its parents up to {@code top}, deepest first, as long as each is empty: what a
     * command made and then wrote nothing into goes again; anything written there since stays.
     */
    static void removeEmpty(Path dir, Path top) {
        for (Path at = dir.toAbsolutePath().normalize(); at != null && at.startsWith(top); at = at.getParent()) {
            try {
                Files.deleteIfExists(at);
            } catch (IOException e) {
                return; // not empty (DirectoryNotEmptyException), or not ours to remove: left as it is
            }
        }
    }

    /** The reason in words ({@link IoReason}). */
    static String reason(IOException e) {
        return IoReason.of(e);
    }
}
