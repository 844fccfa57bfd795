package io.qfleet.coordinator.cli;

import static java.util.Objects.requireNonNull;

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
 * The shaded agent ({@code qfleet.agent.jar}) as a child process, with no QuestDB behind it: enough
 * to talk TLS and tokens to. Settings are {@code securitySettings} plus dirs under {@code dir}.
 */
final class AgentJarProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("(?m)^SERVING (\\S+):(\\d+)$");
    private static final Duration READY = Duration.ofSeconds(60);

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private int port;

    private AgentJarProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts an agent listening on {@code listen} (host:0) with the given security lines, and waits for SERVING. */
    static AgentJarProcess start(Path dir, String listen, String securitySettings) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path settings = dir.resolve("agent.yaml");
        Files.writeString(settings, "listen: " + listen + "\n" + securitySettings
                + "state_dir: " + dir.resolve("state") + "\n"
                + "staging_dir: " + dir.resolve("staging") + "\n"
                + "backup_dir: " + dir.resolve("backups") + "\n"
                + "questdb:\n  root: " + dir.resolve("root") + "\n  install_dir: " + dir.resolve("questdb") + "\n");
        String jar = requireNonNull(System.getProperty("qfleet.agent.jar"), "qfleet.agent.jar (set by the coordinator pom's failsafe)");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = dir.resolve("agent.out");
        Path err = dir.resolve("agent.err");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-jar", jar, "--settings", settings.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        AgentJarProcess agent = new AgentJarProcess(process, out, err);
        try {
            agent.awaitServing();
        } catch (RuntimeException | Error | IOException | InterruptedException e) {
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
                port = Integer.parseInt(serving.group(2));
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("agent not serving (exit " + (process.isAlive() ? "-" : process.exitValue())
                        + "): " + stderr());
            }
            Thread.sleep(50);
        }
    }

    int port() {
        return port;
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("agent pid " + process.pid() + " ignored SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
