package io.qfleet.coordinator.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A demo host's agent under the test's control, as systemd runs it: the fleet's own agent is stopped
 * (SIGTERM to the pid the fleet started) and replaced by one on the same address and settings, which
 * the test can kill -9 and start again on that address ({@code Restart=always}). Extra JVM flags go
 * to every start (e.g. {@code -Dqfleet.agent.test.hold=...}, see the agent's FaultHold).
 */
final class RestartableAgent implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(20);

    private final DemoHost host;
    private final List<String> command;
    private final Path logDir;
    private Process process;
    private Path log;
    private int starts;

    private RestartableAgent(DemoHost host, List<String> command, Path logDir) {
        this.host = host;
        this.command = command;
        this.logDir = logDir;
    }

    /** Stops the fleet's agent of {@code host} and starts this one on its address. */
    static RestartableAgent replace(DemoHost host, DemoResources resources, List<String> jvmFlags) throws IOException {
        ProcessHandle fleetAgent = ProcessHandle.of(host.agentPid()).orElseThrow(() -> new IllegalStateException(host.name()
                + ": the fleet's agent (pid " + host.agentPid() + ") is not running"));
        fleetAgent.destroy();
        fleetAgent.onExit().orTimeout(STOP.toSeconds(), TimeUnit.SECONDS).join();
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode settings = (ObjectNode) yaml.readTree(host.dir().resolve("agent.yaml").toFile());
        settings.put("listen", host.agentAddress()); // the port the fleet's agent got, fixed from now on
        Path file = host.dir().resolve("agent-restartable.yaml");
        yaml.writeValue(file.toFile(), settings);
        List<String> command = new ArrayList<>(resources.agentCommand());
        command.addAll(command.indexOf("-jar"), jvmFlags);
        command.addAll(List.of("--settings", file.toString()));
        RestartableAgent agent = new RestartableAgent(host, command, host.dir());
        agent.start();
        return agent;
    }

    /** Starts the agent and waits for its SERVING line (the address is the fleet's, so clients reconnect). */
    void start() {
        starts++;
        log = logDir.resolve("agent-restart-" + starts + ".log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            long deadline = System.nanoTime() + START.toNanos();
            while (process.isAlive() && System.nanoTime() < deadline) {
                if (Files.readString(log, StandardCharsets.ISO_8859_1).contains("SERVING " + host.agentAddress())) {
                    return;
                }
                sleep(50);
            }
            process.destroyForcibly();
            throw new IllegalStateException(host.name() + ": agent not serving on " + host.agentAddress() + " within " + START
                    + ":\n" + Files.readString(log, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(host.name() + ": cannot start the agent", e);
        }
    }

    /** kill -9 of the agent JVM alone (whatever it started keeps running), waiting until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(host.name() + ": agent pid " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether the running agent's output so far matches {@code pattern} (found anywhere). */
    boolean logged(java.util.regex.Pattern pattern) {
        try {
            return pattern.matcher(Files.readString(log, StandardCharsets.ISO_8859_1)).find();
        } catch (IOException e) {
            return false;
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM to our own child; SIGKILL only if it ignores that. */
    @Override
    public void close() {
        if (!alive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
