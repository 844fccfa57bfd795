package io.qfleet.agent.questdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.qfleet.agent.serverconf.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReleaseProbeTest {
    /** As 9.2.2 answers, shortened (QUESTDB.md section 4). */
    private static final String OSS_922 = "{\"config\":{\"release.type\":\"OSS\",\"release.version\":\"9.2.2\",\"acl.enabled\":false}}";

    @Test
    void readsReleaseType() {
        assertEquals("OSS", ReleaseProbe.parse(OSS_922));
        assertEquals("EE", ReleaseProbe.parse("{\"config\":{\"release.version\":\"3.1.1\", \"release.type\" : \"ee\"}}"));
        assertEquals("", ReleaseProbe.parse("{}"), "7.4.2 answers {}");
        assertEquals("", ReleaseProbe.parse(null));
    }

    @Test
    void editionFromReleaseType() {
        assertEquals(Edition.OPEN_SOURCE, ReleaseProbe.edition("OSS"));
        assertEquals(Edition.ENTERPRISE, ReleaseProbe.edition("EE"));
        assertEquals(Edition.UNKNOWN, ReleaseProbe.edition(""));
        assertEquals(Edition.UNKNOWN, ReleaseProbe.edition("NIGHTLY"));
    }

    @Test
    void asksTheHttpPort() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/settings", exchange -> {
            byte[] body = "{\"config\":{\"release.type\":\"EE\",\"release.version\":\"3.1.1\"}}".getBytes(UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            HostPort http = new HostPort("127.0.0.1", server.getAddress().getPort());
            assertEquals("EE", ReleaseProbe.releaseType(http, Duration.ofSeconds(5)));
        } finally {
            server.stop(0);
        }
        HostPort closed = new HostPort("127.0.0.1", server.getAddress().getPort());
        assertEquals("", ReleaseProbe.releaseType(closed, Duration.ofSeconds(5)), "no server: unknown, not an error");
    }
}
