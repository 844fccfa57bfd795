package io.qfleet.coordinator.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second real agent process configured on the QuestDB root (and install dir) of an existing demo
 * host, as when two servers mount one storage: its own address, state, staging and backup dirs.
 */
final class SecondAgent implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("(?m)^SERVING (\\S+):(\\d+)\\s*$");
    private static final Duration START = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final String address;

    private SecondAgent(Process process, Path log, String address) {
        this.process = process;
        this.log = log;
        this.address = address;
    }

    /** Starts it on {@code listenHost}, with the settings of {@code host}'s agent but for its own dirs. */
    static SecondAgent onRootOf(DemoHost host, String listenHost, Path dir, DemoResources resources) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode settings = (ObjectNode) yaml.readTree(host.dir().resolve("agent.yaml").toFile());
        settings.put("listen", listenHost + ":0");
        for (String key : List.of("state_dir", "staging_dir", "backup_dir")) {
            settings.put(key, Files.createDirectories(dir.resolve(key)).toString());
        }
        Path file = dir.resolve("agent.yaml");
        yaml.writeValue(file.toFile(), settings);
        List<String> command = new ArrayList<>(resources.agentCommand());
        command.addAll(List.of("--settings", file.toString()));
        Path log = dir.resolve("agent.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Matcher m = SERVING.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
            if (m.find()) {
                return new SecondAgent(process, log, m.group(1) + ":" + m.group(2));
            }
            sleep();
        }
        process.destroyForcibly();
        throw new IllegalStateException("second agent did not serve within " + START + ":\n" + Files.readString(log));
    }

    String address() {
        return address;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM to our own child, by its handle; SIGKILL only if it ignores that. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("[second agent]\n" + Files.readString(log, StandardCharsets.ISO_8859_1));
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
