package io.qfleet.agent.process;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code systemctl} for one unit: argument lists (never a shell), stdout and stderr drained on a
 * thread of their own so a chatty command cannot block on a full pipe, every wait bounded. A
 * command that outlives its bound is ended (it is our systemctl client; the job it asked systemd
 * for carries on) and reported as {@link TimedOut}.
 */
final class Systemctl {
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final int MAX_MESSAGE_CHARS = 300;

    private final Path executable;
    private final String unit;

    Systemctl(Path executable, String unit) {
        this.executable = requireNonNull(executable, "executable");
        this.unit = requireNonNull(unit, "unit");
    }

    String unit() {
        return unit;
    }

    /** What one command returned; {@code output} is stdout and stderr interleaved, at most 64 KiB. */
    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The output on one line, cut short: for error messages. */
        String oneLine() {
            String line = output.strip().replaceAll("\\s*\\R\\s*", " | ");
            return line.length() > MAX_MESSAGE_CHARS ? line.substring(0, MAX_MESSAGE_CHARS) + "..." : line;
        }

        String describe() {
            return String.join(" ", command.subList(1, command.size()));
        }
    }

    /** A command that did not end within its bound. */
    static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    /** {@code systemctl show -p P1 -p P2 UNIT} as a map; systemd prints them in its own order, so they are read by name. */
    Map<String, String> show(List<String> properties) {
        List<String> args = new ArrayList<>(List.of("show"));
        properties.forEach(p -> args.addAll(List.of("-p", p)));
        args.add(unit);
        Result result = requireOk(query(args));
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : result.output().split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    /** The unit file and its drop-ins as systemd reads them ({@code systemctl cat UNIT}). */
    String cat() {
        return requireOk(query(List.of("cat", unit))).output();
    }

    void daemonReload() {
        requireOk(query(List.of("daemon-reload")));
    }

    /** Runs a command that reads or changes only systemd's view, bounded by {@link #QUERY_TIMEOUT}. */
    Result query(List<String> args) {
        try {
            return run(args, QUERY_TIMEOUT);
        } catch (TimedOut e) {
            throw AgentException.unavailable("systemctl_timeout", e.getMessage(), null);
        }
    }

    /** Runs {@code systemctl ARGS} and waits at most {@code timeout}. */
    Result run(List<String> args, Duration timeout) throws TimedOut {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw AgentException.failedPrecondition("systemctl_failed", "cannot run " + executable + " for unit " + unit + ": "
                    + e.getMessage() + " (set questdb.systemctl to the systemctl binary)");
        }
        Drain drain = new Drain(process.getInputStream());
        Thread drainer = new Thread(drain, "qfleet-systemctl-output");
        drainer.setDaemon(true);
        drainer.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                endClient(process);
                throw new TimedOut("systemctl " + String.join(" ", args) + " did not return within " + timeout.toSeconds()
                        + "s: " + new Result(command, -1, drain.text()).oneLine());
            }
            drainer.join(TimeUnit.SECONDS.toMillis(5)); // EOF follows the exit unless a child kept the pipe
            return new Result(List.copyOf(command), process.exitValue(), drain.text());
        } catch (InterruptedException e) {
            endClient(process);
            Thread.currentThread().interrupt();
            throw AgentException.aborted("interrupted", "interrupted while running systemctl " + String.join(" ", args));
        }
    }

    /** FAILED_PRECONDITION {@code systemctl_failed} naming the command, its exit code and output, unless it succeeded. */
    Result requireOk(Result result) {
        if (!result.ok()) {
            throw AgentException.failedPrecondition("systemctl_failed", "systemctl " + result.describe() + " failed (exit "
                    + result.exitCode() + "): " + result.oneLine());
        }
        return result;
    }

    /** Ends our own systemctl client: SIGTERM, then SIGKILL. It is never QuestDB. */
    private static void endClient(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a stream to its end, keeping the first 64 KiB. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    synchronized (kept) {
                        kept.write(buffer, 0, Math.min(n, Math.max(0, MAX_OUTPUT_BYTES - kept.size())));
                    }
                }
            } catch (IOException e) {
                // the process ended or was ended: what arrived is kept
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
