package io.qfleet.agent.testing;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded agent ({@code qfleet.agent.jar}) as a child process, as an operator runs it:
 * {@code java -Xmx64m -jar qfleet-agent.jar --settings agent.yaml}, stdout and stderr in files.
 * Ready once it prints {@code SERVING host:port}; the channel is plaintext Netty to that address.
 */
public final class AgentProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("^SERVING (\\S+):(\\d+)$", Pattern.MULTILINE);
    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private ManagedChannel channel;
    private AgentCalls calls;

    private AgentProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static Path agentJar() {
        String value = requireNonNull(System.getProperty("qfleet.agent.jar"), "qfleet.agent.jar (set by the agent pom's failsafe)");
        Path jar = Path.of(value);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("qfleet.agent.jar: " + jar + " missing (run mvn package)");
        }
        return jar;
    }

    /** Launches the agent; {@code name} prefixes its output files in {@code logDir}. */
    public static AgentProcess launch(Path settingsFile, Path logDir, String name) throws IOException {
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        Process process = new ProcessBuilder(List.of(QuestDbRoots.javaExecutable().toString(), "-Xmx64m", "-jar",
                agentJar().toString(), "--settings", settingsFile.toString()))
                .directory(logDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        process.getOutputStream().close();
        return new AgentProcess(process, out, err);
    }

    /** Launches the agent and waits for its {@code SERVING} line. */
    public static AgentProcess start(Path settingsFile, Path logDir, String name) throws IOException, InterruptedException {
        AgentProcess agent = launch(settingsFile, logDir, name);
        try {
            agent.awaitServing();
        } catch (RuntimeException | Error e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    private void awaitServing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            Matcher serving = SERVING.matcher(Files.readString(stdout, StandardCharsets.UTF_8));
            if (serving.find()) {
                channel = NettyChannelBuilder.forAddress(serving.group(1), Integer.parseInt(serving.group(2))).usePlaintext().build();
                calls = new AgentCalls(channel);
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("agent exited with " + process.exitValue() + " before serving: " + output());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("agent not serving within " + READY + ": " + output());
            }
            Thread.sleep(50);
        }
    }

    public AgentCalls calls() {
        return calls;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the process to exit on its own (a refused start) and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("agent still runs after " + timeout + ": " + output());
        }
        return process.exitValue();
    }

    public List<String> stderrLines() throws IOException {
        return Files.readAllLines(stderr, StandardCharsets.UTF_8);
    }

    /** kill -9 of the agent JVM alone, with calls still open: whatever it started keeps running. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("agent pid " + process.pid() + " survived SIGKILL");
        }
        closeChannel();
    }

    /** SIGTERM and wait; an agent that does not stop is killed and fails the test. */
    @Override
    public void close() {
        try {
            closeChannel();
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("agent pid " + process.pid() + " ignored SIGTERM for " + STOP + ": " + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while stopping agent pid " + process.pid(), e);
        }
    }

    private void closeChannel() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
            if (!channel.awaitTermination(STOP.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("channel to agent pid " + process.pid() + " did not terminate");
            }
            channel = null;
        }
    }

    private String output() {
        try {
            return "\nstdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
