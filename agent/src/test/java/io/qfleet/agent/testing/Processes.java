package io.qfleet.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Signals and exit checks for processes a test started, by pid. On hosts whose pid 1 does not reap
 * orphans (this sandbox, containers without an init), an orphan that exited stays a zombie, and
 * {@link ProcessHandle#isAlive()} keeps reporting it alive: "gone" here means gone or a zombie.
 */
public final class Processes {
    private Processes() {
    }

    /** SIGSTOP: the process stays alive but answers nothing, like a hung server. */
    public static void freeze(long pid) {
        signal("-STOP", pid);
    }

    /** SIGCONT; harmless on a process that was not frozen. */
    public static void thaw(long pid) {
        signal("-CONT", pid);
    }

    public static boolean gone(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat, StandardCharsets.UTF_8);
            int close = text.lastIndexOf(')');
            return close > 0 && close + 2 < text.length() && text.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    /** Polls until {@link #gone}; false on timeout. */
    public static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!gone(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** {@code kill SIGNAL pid}, e.g. {@code "-TERM"}, for processes the test started. */
    public static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill " + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
