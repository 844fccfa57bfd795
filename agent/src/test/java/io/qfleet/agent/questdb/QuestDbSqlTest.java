package io.qfleet.agent.questdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.serverconf.HostPort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuestDbSqlTest {
    private static final String PASSWORD = "s3cret-Pa55";

    @Test
    void quotesIdentifiers() {
        assertEquals("\"trades\"", QuestDbSql.quoteIdentifier("trades"));
        assertEquals("\"a\"\"b\"", QuestDbSql.quoteIdentifier("a\"b"));
        assertEquals("\"x; DROP TABLE y\"", QuestDbSql.quoteIdentifier("x; DROP TABLE y"));
        assertThrows(AgentException.class, () -> QuestDbSql.quoteIdentifier(""));
    }

    @Test
    void deadServerIsUnreachableFastAndWithoutThePassword() throws Exception {
        HostPort closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = new HostPort("127.0.0.1", s.getLocalPort());
        }
        QuestDbSql sql = new QuestDbSql(closed, "admin", () -> PASSWORD, Duration.ofSeconds(5));
        long start = System.nanoTime();
        assertFalse(sql.answers());
        AgentException e = assertThrows(AgentException.class, sql::build);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        assertEquals(AgentException.Kind.UNAVAILABLE, e.kind());
        assertEquals("questdb_unreachable", e.reason());
        assertTrue(e.getMessage().startsWith("PG wire not answering on " + closed + ": "), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD));
        assertTrue(e.retryable());
    }

    @Test
    void rejectsSubSecondQueryTimeout() {
        assertThrows(IllegalArgumentException.class,
                () -> new QuestDbSql(new HostPort("127.0.0.1", 8812), "admin", () -> "quest", Duration.ofMillis(500)));
    }
}
