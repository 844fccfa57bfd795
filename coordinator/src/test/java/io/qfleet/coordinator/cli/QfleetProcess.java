package io.qfleet.coordinator.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.demo.DemoResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code qfleet} as a real process, the way an operator runs it: {@code java -jar <qfleet.jar> args}
 * (the shaded jar failsafe names in {@code qfleet.coordinator.jar}, the launcher's JVM flags), stdout and
 * stderr to files, so it can be killed with SIGKILL at any point and its output read afterwards.
 */
final class QfleetProcess {
    private static final String JAR_PROPERTY = "qfleet.coordinator.jar";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final List<String> args;
    private final Process process;
    private final Path out;
    private final Path err;
    private final long begin = System.nanoTime();

    private QfleetProcess(String name, List<String> args, Process process, Path out, Path err) {
        this.name = name;
        this.args = args;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code qfleet args}; its output goes to {@code logDir/<name>.out} and {@code .err}. */
    static QfleetProcess start(Path logDir, String name, String... args) {
        String jar = System.getProperty(JAR_PROPERTY);
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), JAR_PROPERTY + " names no file: " + jar);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
        command.addAll(DemoResources.classDataSharing(Path.of(jar))); // as bin/qfleet starts it
        command.addAll(List.of("-jar", jar));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(logDir);
            Path out = logDir.resolve(name + ".out");
            Path err = logDir.resolve(name + ".err");
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new QfleetProcess(name, List.of(args), process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start qfleet " + String.join(" ", args), e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the exit code; a process still running after {@code timeout} is killed and the test fails. */
    int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                fail(name + ": still running after " + timeout + "; killed\n" + transcript());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            fail("interrupted");
        }
        log();
        return process.exitValue();
    }

    /**
     * SIGSTOP (freeze: the process keeps its connections and journal lock but does nothing until
     * {@link #resume()}), sent with {@code kill} to the pid started here.
     */
    void freeze() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                fail("kill " + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** SIGKILL ({@code ProcessHandle.destroyForcibly()} on the pid started here), then waits until it is gone. */
    int kill() {
        process.toHandle().destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                fail(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        log();
        return process.exitValue();
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    String transcript() {
        return name + ": qfleet " + String.join(" ", args) + (process.isAlive() ? " (running)" : " -> exit " + process.exitValue())
                + "\n--- stdout\n" + out() + "--- stderr\n" + err() + "---";
    }

    /**
     * Every complete stdout line as a JSON event; a last line without its line break (the process was
     * killed while printing it) is left out.
     */
    List<JsonNode> events() {
        String text = out();
        List<JsonNode> events = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            String line = text.substring(start, end);
            try {
                JsonNode event = JSON.readTree(line);
                if (event == null || !event.hasNonNull("type")) {
                    fail("stdout line is not a JSON event: " + line + "\n" + transcript());
                }
                events.add(event);
            } catch (JsonProcessingException e) {
                fail("stdout line is not JSON (" + e.getOriginalMessage() + "): " + line + "\n" + transcript());
            }
        }
        return events;
    }

    /** run_finished's hosts by name; the last complete line must be run_finished. */
    java.util.Map<String, JsonNode> finishedHosts() {
        List<JsonNode> events = events();
        JsonNode finished = events.isEmpty() ? null : events.get(events.size() - 1);
        if (finished == null || !finished.path("type").asText().equals("run_finished")) {
            fail("the last line is not run_finished\n" + transcript());
        }
        java.util.Map<String, JsonNode> byName = new java.util.TreeMap<>();
        finished.path("hosts").forEach(h -> byName.put(h.path("name").asText(), h));
        return byName;
    }

    private void log() {
        System.out.printf("[qfleet process] %s: qfleet %s -> exit %d in %d ms%n--- stderr%n%s---%n", name, String.join(" ", args),
                process.exitValue(), Duration.ofNanos(System.nanoTime() - begin).toMillis(), err());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
