package io.qfleet.coordinator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * A directory this process may not write in (or a file it may not write), while open: its write bits cleared, and where that does
 * not stop this user (root, whom every mode bit lets write; as CI runs the tests) the immutable flag
 * set with {@code chattr +i}, which stops root too. Both undone on close, and by a shutdown hook should
 * the JVM end first, so the test's temp dir can be removed. Where neither takes, the test is skipped,
 * saying why: a guard that asks {@code Files.isWritable} is only ever told "no" this way.
 */
final class ImmutableDirectory implements AutoCloseable {
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r-xr-xr-x");

    private final Path dir;
    private final Set<PosixFilePermission> before;
    private final boolean immutable;
    private final Thread undoAtExit;

    private ImmutableDirectory(Path dir, Set<PosixFilePermission> before, boolean immutable) {
        this.dir = dir;
        this.before = before;
        this.immutable = immutable;
        this.undoAtExit = new Thread(this::undo, "undo read-only " + dir);
        Runtime.getRuntime().addShutdownHook(undoAtExit);
    }

    static ImmutableDirectory of(Path dir) throws IOException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, READ_ONLY);
        if (!Files.isWritable(dir)) {
            return new ImmutableDirectory(dir, before, false);
        }
        String failed = chattr("+i", dir);
        if (failed != null) {
            Files.setPosixFilePermissions(dir, before);
        }
        Assumptions.assumeTrue(failed == null, () -> "neither its mode nor chattr +i makes " + dir + " read-only here: " + failed);
        return new ImmutableDirectory(dir, before, true);
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        Runtime.getRuntime().removeShutdownHook(undoAtExit);
        String failed = immutable ? chattr("-i", dir) : null;
        Files.setPosixFilePermissions(dir, before);
        if (failed != null) {
            throw new IOException("chattr -i " + dir + ": " + failed);
        }
    }

    private void undo() {
        try {
            if (immutable) {
                chattr("-i", dir);
            }
            Files.setPosixFilePermissions(dir, before);
        } catch (IOException e) {
            // the JVM is ending: nothing left to tell
        }
    }

    /** Null when chattr did it, else what it printed. */
    private static String chattr(String flag, Path dir) throws IOException {
        Process chattr = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
        String said = new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return chattr.waitFor() == 0 ? null : said.isEmpty() ? "exit " + chattr.exitValue() : said;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for chattr " + flag + " " + dir, e);
        }
    }
}
