package io.qfleet.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.ThrowawaySettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qfleet-agent health}: arguments, the settings file it reads the address from, and exit codes. */
class HealthCommandTest {
    @TempDir
    Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void servingAgentExitsZero() throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(health.getHealthService()).build().start();
        try {
            health.setStatus("", ServingStatus.SERVING);
            Path settings = settings("127.0.0.1:" + server.getPort());

            assertEquals(0, run("--settings", settings.toString(), "--timeout", "10"), err());
            assertEquals("qfleet-agent health: agent at 127.0.0.1:" + server.getPort() + " is SERVING\n", out());
        } finally {
            server.shutdownNow();
            assertTrue(server.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void portZeroCannotBeProbed() throws Exception {
        Path settings = settings("127.0.0.1:0");

        assertEquals(2, run("--settings", settings.toString()));
        assertEquals("qfleet-agent health: " + settings + ": listen: port 0 picks a new port at every start, so it cannot be "
                + "probed; set a fixed port (e.g. 127.0.0.1:7443)\n", err());
    }

    @Test
    void missingSettingsFileIsNamed() throws Exception {
        Path missing = tmp.resolve("nope.yaml");

        assertEquals(2, run("--settings", missing.toString()));
        assertEquals("qfleet-agent health: " + missing + ": no such file (pass the agent's settings with --settings)\n", err());
    }

    @Test
    void badArgumentsPrintUsage() throws Exception {
        assertEquals(2, run());
        assertEquals(2, run("--settings"));
        assertEquals(2, run("--address", "127.0.0.1:1"));
        assertEquals(3, err().lines().filter(line -> line.startsWith("usage: qfleet-agent health --settings")).count(), err());
    }

    @Test
    void timeoutMustBeSeconds() throws Exception {
        Path settings = settings("127.0.0.1:7443");

        assertEquals(2, run("--settings", settings.toString(), "--timeout", "5s"));
        assertEquals("qfleet-agent health: --timeout: '5s' is not a number of seconds (expected: 1-3600)\n", err());
    }

    @Test
    void wildcardListenAddressIsProbedOnLoopback() {
        InetSocketAddress target = HealthCommand.target(tmp, new AgentSettings("0.0.0.0", 7443, true,
                tmp, tmp, tmp, new AgentSettings.QuestDb(tmp, tmp, "direct", tmp, List.of(), "admin", null)));

        assertTrue(target.getAddress().isLoopbackAddress(), target.toString());
        assertEquals(7443, target.getPort());
    }

    private int run(String... args) throws InterruptedException {
        return HealthCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path settings(String listen) throws IOException {
        return ThrowawaySettings.write(tmp, listen, "plaintext: true");
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
