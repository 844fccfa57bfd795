package io.qfleet.agent.backup;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shaded agent jar run as a real process, its output in a file, reached over loopback gRPC. */
final class AgentProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("SERVING (\\S+):(\\d+)");
    private final Process process;
    private final ManagedChannel channel;
    final OperationServiceGrpc.OperationServiceBlockingStub operations;

    private AgentProcess(Process process, ManagedChannel channel) {
        this.process = process;
        this.channel = channel;
        this.operations = OperationServiceGrpc.newBlockingStub(channel);
    }

    static Path jar() {
        String value = System.getProperty("qfleet.agent.jar");
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("qfleet.agent.jar (set by failsafe) names no jar: " + value);
        }
        return Path.of(value);
    }

    /** Writes agent.yaml for {@code settings} (listen 127.0.0.1:0) and starts the agent jar with it. */
    static AgentProcess start(AgentSettings settings, Path dir, String name) throws IOException, InterruptedException {
        Path yaml = dir.resolve(name + ".yaml");
        AgentSettings.QuestDb q = settings.questdb();
        Files.writeString(yaml, String.join("\n",
                "listen: 127.0.0.1:0",
                "plaintext: true",
                "state_dir: " + settings.stateDir(),
                "staging_dir: " + settings.stagingDir(),
                "backup_dir: " + settings.backupDir(),
                "questdb:",
                "  root: " + q.root(),
                "  install_dir: " + q.installDir(),
                "  java: " + q.java(),
                "  jvm_args: [" + String.join(", ", q.jvmArgs()) + "]",
                ""));
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar().toString(), "--settings", yaml.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = SERVING.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                ManagedChannel channel = NettyChannelBuilder.forAddress(m.group(1), Integer.parseInt(m.group(2))).usePlaintext().build();
                return new AgentProcess(process, channel);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("agent exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("agent not serving within 30 s:\n" + Files.readString(log));
    }

    /** SIGKILL: the agent gets no chance to clean up. */
    void kill() throws InterruptedException {
        channel.shutdownNow();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
