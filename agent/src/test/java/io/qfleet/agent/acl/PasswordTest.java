package io.qfleet.agent.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordTest {
    @Test
    void toStringNeverShowsIt() {
        Password p = Password.of("admin_password", "s3cret'; DROP TABLE x; --");
        assertEquals("***", p.toString());
        assertEquals("***", String.valueOf(p));
        assertEquals("pw=***", "pw=" + p);
    }

    @Test
    void literalDoublesSingleQuotesOnly() {
        assertEquals("'s3cret'", Password.of("p", "s3cret").sqlLiteral());
        assertEquals("'it''s'", Password.of("p", "it's").sqlLiteral());
        assertEquals("''''''", Password.of("p", "''").sqlLiteral());
        assertEquals("'''; DROP TABLE x; --'", Password.of("p", "'; DROP TABLE x; --").sqlLiteral());
        assertEquals("'\"q\"'", Password.of("p", "\"q\"").sqlLiteral());
        assertEquals("'Zoë 中文 😀'", Password.of("p", "Zoë 中文 😀").sqlLiteral());
    }

    @Test
    void lengthLimits() {
        assertEquals(1026, Password.of("p", "x".repeat(Password.MAX_LENGTH)).sqlLiteral().length());
        assertEquals("admin_password: empty (expected: 1-1024 characters; QuestDB rejects an empty password)",
                refused("admin_password", "").getMessage());
        assertEquals("admin_password: 1025 characters (expected: at most 1024)",
                refused("admin_password", "x".repeat(1025)).getMessage());
        assertThrows(NullPointerException.class, () -> Password.of("p", null));
    }

    @Test
    void refusesControlCharactersSurrogatesAndBackslashWithoutEchoingIt() {
        for (String bad : List.of("secret\u0000x", "secret\nx", "secret\rx", "secret\tx", "secret\u001bx",
                "secret\u007fx", "secret\u0085x", "secret\ud800x", "secret\udc00", "secret\\x", "secret\\", "\\'; DROP TABLE x; --")) {
            AgentException e = refused("service_password", bad);
            assertEquals("acl_bad_password", e.reason());
            assertEquals(AgentException.Kind.INVALID_ARGUMENT, e.kind());
            assertTrue(e.getMessage().startsWith("service_password: "), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        assertEquals("p: contains control character U+0000 NULL (expected: none)", refused("p", "a\u0000").getMessage());
        assertTrue(refused("p", "a\\b").getMessage().startsWith("p: contains '\\' (expected: none; the PostgreSQL JDBC"));
    }

    @Test
    void backslashWouldDesynchroniseDriverAndServer() {
        // Why '\' is refused: the same rendered statement, read by QuestDB and by the JDBC driver.
        String statement = "ALTER USER \"u\" WITH PASSWORD '" + "\\'; DROP TABLE x; --".replace("'", "''") + "'";
        SqlScan server = SqlScan.of(statement, false);
        SqlScan driver = SqlScan.of(statement, true);
        assertEquals(1, server.statements().size());
        assertEquals(List.of("\\'; DROP TABLE x; --"), server.literals());
        assertEquals(3, driver.statements().size(), "the driver would cut it at both ';'");
    }

    @Test
    void redactsTheRawAndTheQuotedForm() {
        Password p = Password.of("p", "it's");
        assertEquals("found [tok='***'] and ***", p.redact("found [tok='it''s'] and it's"));
        assertEquals("nothing here", p.redact("nothing here"));
    }

    private static AgentException refused(String field, String value) {
        return assertThrows(AgentException.class, () -> Password.of(field, value));
    }
}
