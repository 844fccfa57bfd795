package io.qfleet.agent.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityNameTest {
    @Test
    void acceptsOrdinaryAndUnicodeNames() {
        for (String ok : List.of("admin", "qfleet_admin", "svc-ingest.eu-1", "_x", "9lives", "Zoë", "Ødegård", "用户",
                "пользователь", "हिन्दी", "𝔘ser", "a--b", "a".repeat(255))) {
            EntityName name = EntityName.of("user", ok);
            assertEquals(ok, name.value());
            assertEquals('"' + ok + '"', name.sql());
            assertEquals(ok, name.toString());
        }
    }

    @Test
    void refusesHostileNamesWithOneLineNamingTheField() {
        for (String bad : List.of("\"; DROP TABLE x; --", "a\"b", "a'b", "a;b", "a b", " a", "a\tb", "a\nb", "a\rb",
                "a\u0000b", "a\\b", "a/b", "a(b)", "a,b", "a*", "-a", ".a", "a.", "a..b", "a\u00a0b",
                "a\u200bb", "a\u202eb", "a\u2028b", "😀", "a😀", "a\ud800", "\udc00a", "\u0301a", "%", "a$b")) {
            AgentException e = assertThrows(AgentException.class, () -> EntityName.of("admin_user", bad), bad);
            assertEquals("acl_bad_name", e.reason());
            assertEquals(AgentException.Kind.INVALID_ARGUMENT, e.kind());
            assertTrue(e.getMessage().startsWith("admin_user: "), e.getMessage());
            assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + e.getMessage());
        }
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertEquals("group: U+003B SEMICOLON at index 1 (expected: letters, digits, '_', '-', '.'; starting with a letter,"
                + " digit or '_')", message(() -> EntityName.of("group", "a;b")));
        assertEquals("group: U+0022 QUOTATION MARK at index 0 (expected: letters, digits, '_', '-', '.'; starting with"
                + " a letter, digit or '_')", message(() -> EntityName.of("group", "\"; DROP TABLE x; --")));
        assertEquals("user: empty (expected: 1-255 characters)", message(() -> EntityName.of("user", "")));
        assertEquals("user: 256 characters (expected: at most 255)", message(() -> EntityName.of("user", "a".repeat(256))));
        assertEquals("user: '.' at the end or twice in a row (expected: letters, digits, '_', '-', '.'; starting with a"
                + " letter, digit or '_')", message(() -> EntityName.of("user", "a..b")));
        assertThrows(NullPointerException.class, () -> EntityName.of("user", null));
    }

    @Test
    void lengthCountsUtf16UnitsLikeQuestDb() {
        String supplementary = "𝔘".repeat(127); // 254 UTF-16 units
        assertEquals(254, EntityName.of("user", supplementary).value().length());
        assertThrows(AgentException.class, () -> EntityName.of("user", supplementary + "𝔘"));
    }

    @Test
    void tableNamesFollowTheSameRuleUpTo127() {
        assertEquals("\"trades_2024.eu\"", TableName.of("table", "trades_2024.eu").sql());
        assertEquals("a".repeat(127), TableName.of("table", "a".repeat(127)).value());
        AgentException e = assertThrows(AgentException.class, () -> TableName.of("tables[1]", "a".repeat(128)));
        assertEquals("tables[1]: 128 characters (expected: at most 127)", e.getMessage());
        assertEquals("acl_bad_name", assertThrows(AgentException.class, () -> TableName.of("t", "x\"; DROP TABLE y")).reason());
    }

    @Test
    void quotingDoublesEmbeddedQuotesEvenThoughTheRuleRefusesThem() {
        assertEquals("\"a\"\"b\"", NameRule.quote("a\"b"));
        assertEquals("\"\"\"; DROP TABLE x; --\"", NameRule.quote("\"; DROP TABLE x; --"));
        assertEquals(List.of("\"; DROP TABLE x; --"), SqlScan.of(NameRule.quote("\"; DROP TABLE x; --"), false).identifiers());
    }

    @Test
    void equalityIsByValue() {
        assertEquals(EntityName.of("a", "alice"), EntityName.of("b", "alice"));
        assertEquals(EntityName.of("a", "alice").hashCode(), EntityName.of("b", "alice").hashCode());
        assertNotEquals(EntityName.of("a", "alice"), EntityName.of("a", "Alice"));
        assertFalse(EntityName.of("a", "t").equals(TableName.of("a", "t")));
    }

    @Test
    void shownEscapesAndTruncates() {
        assertEquals("a\\u000ab\\u00e9", NameRule.shown("a\nbé"));
        assertEquals("x".repeat(40) + "...", NameRule.shown("x".repeat(41)));
    }

    private static String message(Runnable r) {
        return assertThrows(AgentException.class, r::run).getMessage();
    }
}
