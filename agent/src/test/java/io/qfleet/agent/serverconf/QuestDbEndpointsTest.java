package io.qfleet.agent.serverconf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qfleet.agent.AgentException;
import org.junit.jupiter.api.Test;

class QuestDbEndpointsTest {
    @Test
    void defaultsConnectToLoopback() {
        QuestDbEndpoints e = QuestDbEndpoints.from(ServerConf.parse(""));
        assertEquals(new HostPort("127.0.0.1", 8812), e.pg());
        assertEquals(new HostPort("127.0.0.1", 9000), e.http());
        assertEquals(new HostPort("127.0.0.1", 9003), e.httpMin());
    }

    @Test
    void readsCurrentKeys() {
        QuestDbEndpoints e = QuestDbEndpoints.from(ServerConf.parse("""
                pg.net.bind.to=10.0.0.5:18812
                http.net.bind.to=127.0.0.1:19000
                http.min.net.bind.to=0.0.0.0:19003
                http.bind.to=127.0.0.1:1
                http.min.bind.to=127.0.0.1:2
                """));
        assertEquals("10.0.0.5:18812", e.pg().toString());
        assertEquals("127.0.0.1:19000", e.http().toString(), "the .net. key wins over the legacy one");
        assertEquals("127.0.0.1:19003", e.httpMin().toString(), "wildcard becomes loopback");
    }

    @Test
    void fallsBackToLegacyKeys() {
        QuestDbEndpoints e = QuestDbEndpoints.from(ServerConf.parse("http.bind.to=0.0.0.0:29000\nhttp.min.bind.to=127.0.0.2:29003\n"));
        assertEquals(new HostPort("127.0.0.1", 29000), e.http());
        assertEquals(new HostPort("127.0.0.2", 29003), e.httpMin());
    }

    @Test
    void badValueNamesTheKey() {
        AgentException e = assertThrows(AgentException.class,
                () -> QuestDbEndpoints.from(ServerConf.parse("pg.net.bind.to=localhost")));
        assertEquals("server_conf_invalid", e.reason());
        assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());
        assertEquals("server.conf pg.net.bind.to: 'localhost' (expected: host:port)", e.getMessage());
    }

    @Test
    void hostPortParsesAndPrints() {
        assertEquals(new HostPort("db1.example", 8812), HostPort.parse(" db1.example:8812 "));
        assertEquals(new HostPort("::1", 9000), HostPort.parse("[::1]:9000"));
        assertEquals("[::1]:9000", new HostPort("::1", 9000).toString());
        assertEquals("127.0.0.1:9003", HostPort.parse("127.0.0.1:9003").toString());
        for (String bad : new String[] {"", ":80", "h:", "h:x", "h:0", "h:65536", "::1:80"}) {
            assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
        }
    }
}
