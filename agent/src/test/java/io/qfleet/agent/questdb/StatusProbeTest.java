package io.qfleet.agent.questdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.qfleet.agent.serverconf.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusProbeTest {
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>("Status: Healthy");
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private ProbeResult probe() {
        return StatusProbe.probe(new HostPort("127.0.0.1", server.getAddress().getPort()), Duration.ofSeconds(5));
    }

    @Test
    void healthy() {
        assertEquals(ProbeResult.HEALTHY, probe());
    }

    @Test
    void unhealthyOnErrorStatusOrBody() {
        status.set(500);
        assertEquals(ProbeResult.UNHEALTHY, probe());
        status.set(200);
        body.set("Status: Unhealthy");
        assertEquals(ProbeResult.UNHEALTHY, probe());
    }

    @Test
    void authRequired() {
        status.set(401);
        body.set("Unauthorized");
        assertEquals(ProbeResult.AUTH_REQUIRED, probe());
    }

    @Test
    void unreachableWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(ProbeResult.UNREACHABLE, StatusProbe.probe(new HostPort("127.0.0.1", port), Duration.ofSeconds(2)));
    }
}
