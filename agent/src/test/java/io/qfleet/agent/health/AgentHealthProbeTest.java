package io.qfleet.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe against real Netty servers on loopback: serving, not yet, not serving, and not an agent at all. */
class AgentHealthProbeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private volatile Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
            assertTrue(channel.awaitTermination(5, TimeUnit.SECONDS), "channel terminated");
        }
        if (server != null) {
            server.shutdownNow();
            assertTrue(server.awaitTermination(5, TimeUnit.SECONDS), "server terminated");
        }
    }

    @Test
    void servingServerPassesAtOnce() throws Exception {
        int port = startHealthServer(ServingStatus.SERVING);

        AgentHealthProbe.Outcome outcome = probe(port).awaitServing(Duration.ofSeconds(10));

        assertTrue(outcome.serving(), outcome.message());
        assertEquals("agent at 127.0.0.1:" + port + " is SERVING", outcome.message());
    }

    @Test
    void nothingListeningFailsAfterTheTimeoutNamingTheAddress() throws Exception {
        int port = freePort();

        AgentHealthProbe.Outcome outcome = probe(port).awaitServing(Duration.ofSeconds(3));

        assertFalse(outcome.serving());
        assertTrue(outcome.message().startsWith("agent at 127.0.0.1:" + port + " not SERVING after 3 s (last: UNAVAILABLE"),
                outcome.message());
        assertTrue(outcome.message().contains("Connection refused"), outcome.message());
    }

    @Test
    void agentThatStartsLaterIsWaitedFor() throws Exception {
        int port = freePort();
        HealthStatusManager health = new HealthStatusManager();
        AgentHealthProbe probe = probe(port);
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(1_500); // the probe has been refused a few times by then
                start(NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, port)).addService(health.getHealthService()));
                health.setStatus("", ServingStatus.SERVING);
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        starter.start();

        AgentHealthProbe.Outcome outcome = probe.awaitServing(Duration.ofSeconds(30));
        starter.join();

        assertTrue(outcome.serving(), outcome.message());
    }

    @Test
    void notServingAgentFailsAfterTheTimeoutWithItsLastStatus() throws Exception {
        int port = startHealthServer(ServingStatus.NOT_SERVING);

        // Long enough for several answers even when a loaded machine makes the first connection slow.
        AgentHealthProbe.Outcome outcome = probe(port).awaitServing(Duration.ofSeconds(8));

        assertFalse(outcome.serving());
        assertEquals("agent at 127.0.0.1:" + port + " not SERVING after 8 s (last: NOT_SERVING)", outcome.message());
    }

    @Test
    void serverWithoutHealthServiceFailsAtOnceInsteadOfWaiting() throws Exception {
        int port = start(NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0))
                .addService(ProtoReflectionServiceV1.newInstance()));

        AgentHealthProbe.Outcome outcome = probe(port).awaitServing(Duration.ofSeconds(600));

        assertFalse(outcome.serving());
        assertEquals("agent at 127.0.0.1:" + port + " answered UNIMPLEMENTED to grpc.health.v1 (is another server listening there?)",
                outcome.message());
    }

    private int startHealthServer(ServingStatus status) throws IOException {
        HealthStatusManager health = new HealthStatusManager();
        int port = start(NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0)).addService(health.getHealthService()));
        health.setStatus("", status);
        return port;
    }

    private synchronized int start(NettyServerBuilder builder) throws IOException {
        server = builder.build().start();
        return server.getPort();
    }

    private AgentHealthProbe probe(int port) {
        channel = NettyChannelBuilder.forAddress(new InetSocketAddress(LOOPBACK, port)).usePlaintext().build();
        return new AgentHealthProbe(channel, "127.0.0.1:" + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }
}
