package io.qfleet.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted by a test, for a disk that really fills up (ENOSPC from the kernel, not a
 * fake). Needs root (CI runs as root); where mounting is not permitted the test is skipped with the
 * reason. {@link #close()} unmounts it, also after a failure.
 */
public final class TmpfsMount implements AutoCloseable {
    private final Path dir;

    private TmpfsMount(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code dir} (created if absent), or skips the test. */
    public static TmpfsMount mount(Path dir, long megabytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String output = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()));
        Assumptions.assumeTrue(output == null, () -> "cannot mount a tmpfs here (needs root): " + output);
        return new TmpfsMount(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Grows or shrinks the mount to {@code megabytes} (not below what it holds). */
    public void resize(long megabytes) throws IOException, InterruptedException {
        String output = run(List.of("mount", "-o", "remount,size=" + megabytes + "m", dir.toString()));
        if (output != null) {
            throw new IllegalStateException("cannot resize the tmpfs on " + dir + ": " + output);
        }
    }

    /** Bytes in use on the mount. */
    public long usedBytes() throws IOException {
        var store = Files.getFileStore(dir);
        return store.getTotalSpace() - store.getUnallocatedSpace();
    }

    @Override
    public void close() throws IOException {
        String output;
        try {
            output = run(List.of("umount", dir.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + dir, e);
        }
        if (output != null) {
            throw new IllegalStateException("umount " + dir + ": " + output);
        }
    }

    /** Runs the command; null when it exited 0, else its output. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        boolean ok = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        return ok ? null : command.get(0) + " exited " + (process.isAlive() ? "(still running)" : process.exitValue()) + ": " + output;
    }
}
