package io.qfleet.coordinator.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.LocalFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A demo host moved into its own network namespace, so a test can cut it off: a veth pair joins
 * the namespace ({@code 10.213.x.y+1}) to this one ({@code 10.213.x.y}); the host's agent and its
 * QuestDB run inside (the fleet's agent and server are stopped, the agent started again there with
 * {@code ip netns exec}, QuestDB started by the agent), and a {@link TcpForwarder} inside relays the
 * agent's and PG wire's ports from the veth address to the namespace's loopback. {@link #cut()} sets
 * this side of the link down, {@link #restore()} up again. Names are unique per test JVM;
 * {@link #close()} deletes the link and the namespace whatever happened. Needs root and {@code ip}.
 */
final class NetnsHost implements AutoCloseable {
    private static final int AGENT_PORT = 7001; // the namespace is private: nothing else binds there
    private static final Duration START = Duration.ofSeconds(60);

    private final DemoHost host;
    private final String namespace;
    private final String outerLink;
    private final String address;
    private final List<Process> processes = new ArrayList<>();

    private NetnsHost(DemoHost host, String namespace, String outerLink, String address) {
        this.host = host;
        this.namespace = namespace;
        this.outerLink = outerLink;
        this.address = address;
    }

    /** Skips the test (with the reason) unless this runs as root with {@code ip netns}. */
    static void assumeAvailable() {
        String uid = output(List.of("id", "-u"));
        Assumptions.assumeTrue("0".equals(uid.strip()), "network namespaces need root (uid " + uid.strip() + ")");
        Assumptions.assumeTrue(run(List.of("ip", "netns", "list")) == 0, "no 'ip netns' here");
    }

    /** Builds the namespace and the link, and moves {@code host}'s agent and QuestDB into it; {@code agentFlags} go to its JVM. */
    static NetnsHost moveIn(LocalFleet fleet, DemoHost host, DemoResources resources, List<String> agentFlags) throws Exception {
        String id = Long.toString(ProcessHandle.current().pid() % 100_000) + ThreadLocalRandom.current().nextInt(10, 100);
        int third = ThreadLocalRandom.current().nextInt(256);
        int fourth = ThreadLocalRandom.current().nextInt(64) * 4;
        NetnsHost netns = new NetnsHost(host, "qfleet-" + id, "qfa" + id, "10.213." + third + "." + (fourth + 2));
        try {
            netns.build("qfb" + id, "10.213." + third + "." + (fourth + 1));
            netns.moveHost(fleet, resources, agentFlags);
            return netns;
        } catch (RuntimeException | Error e) {
            netns.close();
            throw e;
        }
    }

    private void build(String innerLink, String outerAddress) {
        require(List.of("ip", "netns", "add", namespace));
        require(List.of("ip", "link", "add", outerLink, "type", "veth", "peer", "name", innerLink));
        require(List.of("ip", "link", "set", innerLink, "netns", namespace));
        require(List.of("ip", "addr", "add", outerAddress + "/30", "dev", outerLink));
        require(List.of("ip", "link", "set", outerLink, "up"));
        require(inside(List.of("ip", "addr", "add", address + "/30", "dev", innerLink)));
        require(inside(List.of("ip", "link", "set", innerLink, "up")));
        require(inside(List.of("ip", "link", "set", "lo", "up")));
    }

    private void moveHost(LocalFleet fleet, DemoResources resources, List<String> agentFlags) throws Exception {
        stop(host.agentPid());
        stop(host.questdbPid());
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode settings = (ObjectNode) yaml.readTree(host.dir().resolve("agent.yaml").toFile());
        settings.put("listen", "127.0.0.1:" + AGENT_PORT);
        if (settings.has("tls")) { // the coordinator dials the veth address, so the certificate must name it
            List<Path> tls = fleet.issueAgentTls(address);
            ((ObjectNode) settings.get("tls")).put("cert", tls.get(0).toString()).put("key", tls.get(1).toString());
        }
        Path file = host.dir().resolve("agent-netns.yaml");
        yaml.writeValue(file.toFile(), settings);
        List<String> agent = new ArrayList<>(resources.agentCommand());
        agent.addAll(agent.indexOf("-jar"), agentFlags);
        agent.addAll(List.of("--settings", file.toString()));
        launch(inside(agent), host.dir().resolve("agent-netns.log"), "SERVING 127.0.0.1:" + AGENT_PORT);
        String pg = HostSnapshot.pgPort(host.root());
        String classes = Path.of(TcpForwarder.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        launch(inside(List.of(resources.javaExecutable().toString(), "-Xmx16m", "-cp", classes, TcpForwarder.class.getName(), address,
                Integer.toString(AGENT_PORT), pg.substring(pg.lastIndexOf(':') + 1))), host.dir().resolve("forwarder.log"), "READY");
        try (GrpcAgentClient client = GrpcAgentClient.connect(address, AGENT_PORT, fleet.agentAccess())) {
            // QuestDB comes back inside the namespace, as the agent's child.
            requireSucceeded(client.run("netns-setup.start", new StepRequest.Start(), (m, d, t, u) -> { }, START));
            requireSucceeded(client.run("netns-setup.health-gate", new StepRequest.HealthGate(DemoResources.SOURCE_VERSION, 60),
                    (m, d, t, u) -> { }, START.multipliedBy(2)));
        }
    }

    /** The agent's address as the fleet file names it. */
    String agentAddress() {
        return address + ":" + AGENT_PORT;
    }

    /** Where the test reaches this host's PG wire (through the forwarder). */
    String pgHost() {
        return address;
    }

    /** The link down: every packet between the coordinator and this host is lost from now on. */
    void cut() {
        require(List.of("ip", "link", "set", outerLink, "down"));
    }

    void restore() {
        require(List.of("ip", "link", "set", outerLink, "up"));
    }

    /** Stops the agent and forwarder (our children, SIGTERM by pid), then deletes the link and the namespace. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        run(List.of("ip", "link", "del", outerLink)); // takes its peer in the namespace with it
        run(List.of("ip", "netns", "del", namespace));
    }

    private void launch(List<String> command, Path log, String readyLine) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        processes.add(process);
        long deadline = System.nanoTime() + START.toNanos();
        while (!Files.readString(log, ISO_8859_1).contains(readyLine)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(String.join(" ", command) + ": no '" + readyLine + "'\n" + Files.readString(log, ISO_8859_1));
            }
            Thread.sleep(50);
        }
    }

    private List<String> inside(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void requireSucceeded(OperationOutcome outcome) {
        if (!outcome.succeeded()) {
            throw new IllegalStateException("netns setup: " + outcome.failureMessage());
        }
    }

    /** SIGTERM to a process the fleet started, and wait until it is gone. */
    private static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            p.onExit().orTimeout(60, TimeUnit.SECONDS).join();
        });
    }

    private static void require(List<String> command) {
        if (run(command) != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).inheritIO().start();
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String output(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), ISO_8859_1);
            process.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
