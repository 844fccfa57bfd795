package io.qfleet.packaging;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * An agent started through a packaged launcher, with a settings file on a free loopback port
 * (the health probe needs a fixed one). Ready once it prints {@code SERVING}; stopped by SIGTERM.
 */
final class AgentLaunch implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final int BIND_TRIES = 3;
    private static final String SHARED_ARCHIVE = "-XX:SharedArchiveFile=";

    private final Process process;
    private final Path log;
    final Path settings;

    private AgentLaunch(Process process, Path log, Path settings) {
        this.process = process;
        this.log = log;
        this.settings = settings;
    }

    /**
     * Writes a plaintext {@code dir/agent.yaml} (state under {@code dir/state}) and runs {@code command
     * --settings dir/agent.yaml}; a port taken between picking and binding is retried on another.
     */
    static AgentLaunch start(List<String> command, Path dir) throws IOException, InterruptedException {
        return start(command, dir, port -> plaintextSettings(dir, port));
    }

    /** As {@link #start(List, Path)}, with the settings text {@code settings} gives for a free loopback port. */
    static AgentLaunch start(List<String> command, Path dir, IntFunction<String> settingsForPort)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Path settings = Files.writeString(dir.resolve("agent.yaml"), settingsForPort.apply(freePort()));
            List<String> full = new ArrayList<>(command);
            full.add("--settings");
            full.add(settings.toString());
            Path log = dir.resolve("agent-" + attempt + ".log");
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            AgentLaunch agent = new AgentLaunch(process, log, settings);
            if (agent.awaitServing()) {
                return agent;
            }
            if (attempt == BIND_TRIES) {
                throw new AssertionError("agent exited " + process.exitValue() + " before serving:\n" + agent.output());
            }
        }
    }

    /** True once serving; false if the agent exited (a port taken meanwhile); fails after {@link #READY}. */
    private boolean awaitServing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (!output().contains("SERVING 127.0.0.1:")) {
            if (!process.isAlive()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new AssertionError("agent not serving within " + READY + ":\n" + output());
            }
            Thread.sleep(100);
        }
        return true;
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** SIGTERM, then the exit code (143: the JVM's clean exit after SIGTERM). */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("agent pid " + process.pid() + " ignored SIGTERM for " + STOP);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * The class data sharing archive the JVM was started with, normalized, or null. The launcher
     * execs java, so the process's command line is the JVM's.
     */
    Path sharedArchive() throws IOException {
        String commandLine = new String(Files.readAllBytes(Path.of("/proc/" + process.pid() + "/cmdline")), StandardCharsets.UTF_8);
        for (String argument : commandLine.split("\0")) {
            if (argument.startsWith(SHARED_ARCHIVE)) {
                return Path.of(argument.substring(SHARED_ARCHIVE.length())).normalize();
            }
        }
        return null;
    }

    private static String plaintextSettings(Path dir, int port) {
        Path state = dir.resolve("state");
        return String.join("\n",
                "listen: 127.0.0.1:" + port,
                "plaintext: true",
                "state_dir: " + state,
                "staging_dir: " + state.resolve("staging"),
                "backup_dir: " + state.resolve("backups"),
                "questdb:",
                "  root: " + dir.resolve("questdb-root"),
                "  install_dir: " + dir.resolve("questdb-install"),
                "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
