package io.qfleet.coordinator.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process the fleet started, with stdout and stderr appended to one log file: nothing to drain, and
 * the log survives for the operator. Keeps the {@link Process} so it is only ever ended by its own pid.
 */
final class ChildProcess {
    private static final int TAIL_BYTES = 16 * 1024;

    private final String label;
    private final Process process;
    private final Path log;

    private ChildProcess(String label, Process process, Path log) {
        this.label = label;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String label, List<String> command, Path dir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(label + ": cannot run " + command.get(0), e);
        }
        try {
            process.getOutputStream().close(); // stdin at EOF: neither QuestDB nor the agent reads it
        } catch (IOException e) {
            // an unused pipe that would not close changes nothing for the child
        }
        return new ChildProcess(label, process, log);
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    Path log() {
        return log;
    }

    /** SIGTERM, then wait; true when the process is gone. */
    boolean terminate(Duration timeout) {
        process.destroy();
        return waitFor(timeout);
    }

    /** SIGKILL, for a process that ignored {@link #terminate}. */
    boolean kill(Duration timeout) {
        process.destroyForcibly();
        return waitFor(timeout);
    }

    /** "<label> exited with 55; last lines of <log>: ..." or "<label> <what>; ..." while it still runs. */
    IllegalStateException failure(String what) {
        String state = exitCode().map(code -> " exited with " + code).orElse(" " + what);
        return new IllegalStateException(label + state + " (pid " + pid() + "); last lines of " + log + ":\n" + tail(20));
    }

    /** The last {@code lines} lines of the log; reads at most the last 16 KiB, since QuestDB logs can grow. */
    String tail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, UTF_8).split("\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
