package io.qfleet.agent.process;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.AgentException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * QuestDB run directly by the agent (no systemd): started as our child, or found by its root when
 * someone else started it. Stops only with SIGTERM: kill -9 can corrupt an open-source database.
 */
public final class DirectQuestDbProcess implements QuestDbProcess {
    private final QuestDbLaunch launch;
    private Process child; // the last server we started; guarded by this

    public DirectQuestDbProcess(QuestDbLaunch launch) {
        this.launch = requireNonNull(launch, "launch");
    }

    public QuestDbLaunch launch() {
        return launch;
    }

    @Override
    public Optional<Long> runningPid() {
        return ProcessFinder.findQuestDb(launch.questdbRoot()).map(ProcessHandle::pid);
    }

    /**
     * Starts QuestDB and returns its pid without waiting for readiness. Output goes to the log file
     * (appended), so no pipe needs draining and the log outlives an agent restart.
     */
    @Override
    public synchronized long start(Path jar, Path runtimeJava, String main) {
        List<String> command = launch.command(jar, runtimeJava, main);
        Path root = launch.questdbRoot();
        Optional<Long> running = runningPid();
        if (running.isPresent()) {
            throw AgentException.failedPrecondition("questdb_running", "QuestDB already runs on " + root + " (pid " + running.get() + ")");
        }
        try {
            Files.createDirectories(root); // a bare java start exits 55 without it
            Files.createDirectories(launch.logFile().getParent());
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()))
                    .start();
            process.getOutputStream().close(); // QuestDB reads no stdin
            child = process;
            return process.pid();
        } catch (IOException e) {
            throw new AgentException(Kind.FAILED_PRECONDITION, "questdb_start_failed",
                    "cannot start QuestDB on " + root + ": " + e.getMessage(), false, e);
        }
    }

    /** The exit code of the child we started if it already died (a failed start); empty while it runs or if we started none. */
    @Override
    public synchronized Optional<Integer> exitCodeIfExited() {
        return child != null && !child.isAlive() ? Optional.of(child.exitValue()) : Optional.empty();
    }

    /**
     * Sends SIGTERM to the server on our root and waits up to {@code timeout}. On timeout it throws
     * {@code stop_timeout} and leaves the process alone; it never escalates to kill -9.
     */
    @Override
    public StopResult stop(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        Process own;
        synchronized (this) {
            own = child != null && child.isAlive() ? child : null;
        }
        Optional<ProcessHandle> target = own != null ? Optional.of(own.toHandle()) : ProcessFinder.findQuestDb(launch.questdbRoot());
        if (target.isEmpty()) {
            return new StopResult(false, null, 0);
        }
        ProcessHandle handle = target.get();
        long startNanos = System.nanoTime();
        if (!handle.destroy() && handle.isAlive()) {
            throw AgentException.internal("stop_failed", "cannot send SIGTERM to QuestDB (pid " + handle.pid() + ")", null);
        }
        // Our own child is awaited through Process, which also gives its exit code.
        CompletableFuture<?> exited = own != null ? own.onExit() : handle.onExit();
        try {
            exited.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AgentException(Kind.FAILED_PRECONDITION, "stop_timeout", "QuestDB (pid " + handle.pid() + ") did not stop within "
                    + seconds(timeout) + " after SIGTERM; not killing it (kill -9 can corrupt an open-source database);"
                    + " stop it by hand or raise the timeout", false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgentException.aborted("stop_interrupted", "interrupted while QuestDB (pid " + handle.pid() + ") was stopping after SIGTERM");
        } catch (ExecutionException e) {
            throw AgentException.internal("stop_failed", "waiting for QuestDB (pid " + handle.pid() + ") failed: " + e.getCause(), e);
        }
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return new StopResult(true, own != null ? own.exitValue() : null, stopMillis);
    }

    @Override
    public void requireStopped(String before) {
        Optional<Long> running = runningPid();
        if (running.isPresent()) {
            throw AgentException.failedPrecondition("questdb_running",
                    "QuestDB is running (pid " + running.get() + "); stop it before " + before);
        }
    }

    @Override
    public String outputLocation() {
        return launch.logFile() + " on the host";
    }

    /** The last {@code lines} lines of the log file (at most 64 KiB read), for failure messages; the caller redacts. */
    public Optional<String> logTail(int lines) {
        return LogTail.read(launch.logFile(), lines);
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() / 1000.0 + "s";
    }
}
