package io.qfleet.agent.serverconf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden round trips of the line-preserving editor: exact expected text for every kind of edit. */
class ServerConfEditTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T09:26:53Z"), ZoneOffset.UTC);
    static final String HEADER = "# --- managed by qfleet: keys added on 2026-03-14; qfleet strips them on rollback ---";
    static final String END = "# --- end of keys managed by qfleet ---";

    // Shaped like QuestDB's template: strict line on line 2, commented defaults, odd separators, escapes,
    // a continuation, a bang comment, a Latin-1 letter and UTF-8 bytes in a comment (read as Latin-1).
    static final String GOLDEN = String.join("\n",
            "# Comment or set to false to allow QuestDB to start even in the presence of config errors.",
            "config.validation.strict=true",
            "",
            "#http.net.bind.to=0.0.0.0:9000",
            "pg.net.bind.to = 127.0.0.1:8812",
            "cairo.sql.copy.root=C:\\\\data\\\\import",
            "pg.password:quest",
            "http.min.net.bind.to 127.0.0.1:19003",
            "line.tcp.enabled=\\",
            "    false",
            "  ! bang comment",
            "pg.user=r\u00e9mi",
            "# commit_interval = commit_lag \u00e2\u0088\u0097 fraction",
            "#acl.enabled=false",
            "");

    static ServerConfEdit edit(String text) {
        return ServerConfEdit.of(ServerConf.parse(text), CLOCK);
    }

    @Test
    void noEditGivesIdenticalBytes() {
        for (String text : List.of(GOLDEN, GOLDEN.replace("\n", "\r\n"), GOLDEN.replace("\n", "\r"), "", "a=1", "\n\n", "k=v\\")) {
            ServerConfEdit edit = edit(text);
            assertEquals(text, edit.text());
            assertArrayEquals(text.getBytes(StandardCharsets.ISO_8859_1), edit.bytes());
            assertFalse(edit.changed());
            assertEquals(List.of(), edit.diff());
            assertEquals("server.conf: no changes", edit.describeChanges());
        }
    }

    @Test
    void setExistingKeyChangesOnlyItsValueInPlace() {
        ServerConfEdit edit = edit(GOLDEN)
                .set("pg.net.bind.to", "127.0.0.1:18812")
                .set("http.min.net.bind.to", "127.0.0.1:29003")
                .set("pg.password", "s3cret")
                .set("config.validation.strict", "true"); // same value: no change
        assertEquals(GOLDEN
                .replace("pg.net.bind.to = 127.0.0.1:8812", "pg.net.bind.to = 127.0.0.1:18812")
                .replace("http.min.net.bind.to 127.0.0.1:19003", "http.min.net.bind.to 127.0.0.1:29003")
                .replace("pg.password:quest", "pg.password:s3cret"), edit.text());
        assertEquals(List.of(
                "- pg.net.bind.to=127.0.0.1:8812", "+ pg.net.bind.to=127.0.0.1:18812",
                "- http.min.net.bind.to=127.0.0.1:19003", "+ http.min.net.bind.to=127.0.0.1:29003",
                "- pg.password=***", "+ pg.password=***"), edit.diff());
        assertEquals("server.conf: changed pg.net.bind.to, http.min.net.bind.to, pg.password", edit.describeChanges());
        assertEquals(Set.of("pg.net.bind.to", "http.min.net.bind.to", "pg.password"), edit.writtenKeys());
    }

    @Test
    void setOnContinuedDefinitionRewritesItAsOneLine() {
        ServerConfEdit edit = edit(GOLDEN).set("line.tcp.enabled", "true");
        assertEquals(GOLDEN.replace("line.tcp.enabled=\\\n    false", "line.tcp.enabled=true"), edit.text());
        assertEquals(Optional.of("true"), ServerConf.parse(edit.text()).get("line.tcp.enabled"));
    }

    @Test
    void separatorsAreKeptAndABareKeyGetsOne() {
        ServerConfEdit edit = edit("a\n b\t\tx\nc : y\nd=\n").set("a", "1").set("b", "=2").set("c", ":3").set("d", " 4");
        assertEquals("a=1\n b\t\t\\=2\nc : \\:3\nd=\\ 4\n", edit.text());
        ServerConf reread = ServerConf.parse(edit.text());
        assertEquals(List.of(Optional.of("1"), Optional.of("=2"), Optional.of(":3"), Optional.of(" 4")),
                List.of(reread.get("a"), reread.get("b"), reread.get("c"), reread.get("d")));
    }

    @Test
    void newKeysGoIntoOneMarkedBlockAtTheEnd() {
        ServerConfEdit edit = edit(GOLDEN)
                .set("acl.enabled", "true") // only commented in the file: not a definition
                .set("http.net.bind.to", "127.0.0.1:19000");
        edit.set("acl.admin.user", "root");
        assertEquals(GOLDEN + "\n" + HEADER + "\nacl.enabled=true\nhttp.net.bind.to=127.0.0.1:19000\nacl.admin.user=root\n" + END + "\n",
                edit.text());
        assertEquals(List.of("+ acl.enabled=true", "+ http.net.bind.to=127.0.0.1:19000", "+ acl.admin.user=root"), edit.diff());
        assertEquals("server.conf: added acl.enabled, http.net.bind.to, acl.admin.user", edit.describeChanges());

        // A later edit reuses the block, edits its keys in place and drops it once it is empty.
        ServerConfEdit later = ServerConfEdit.of(ServerConf.parse(edit.text()), Clock.offset(CLOCK, Duration.ofDays(3)));
        later.set("replication.role", "primary").set("acl.enabled", "false");
        assertEquals(GOLDEN + "\n" + HEADER + "\nacl.enabled=false\nhttp.net.bind.to=127.0.0.1:19000\nacl.admin.user=root\nreplication.role=primary\n"
                + END + "\n", later.text());
        later.remove("acl.enabled").remove("http.net.bind.to").remove("acl.admin.user").remove("replication.role");
        assertEquals(GOLDEN, later.text(), "an emptied block goes, with the blank line before it: the strip is exact");
    }

    @Test
    void handEditedBlocksAreRespected() {
        // The end line deleted by hand (and no final newline): the block runs to the end of the file.
        String noEnd = "a=1\n\n" + HEADER + "\nb=2";
        assertEquals(noEnd + "\nc=3\n", edit(noEnd).set("c", "3").text());
        // An operator's comment inside the block keeps it when its keys go.
        String commented = "a=1\n\n" + HEADER + "\n# keep: asked by ops\nb=2\n" + END + "\n";
        assertEquals("a=1\n\n" + HEADER + "\n# keep: asked by ops\n" + END + "\n", edit(commented).remove("b").text());
        // A key defined in the body and again in the block: the block's (the last) is edited.
        String twice = "b=1\n\n" + HEADER + "\nb=2\n" + END + "\n";
        assertEquals("b=1\n\n" + HEADER + "\nb=3\n" + END + "\n", edit(twice).set("b", "3").text());
        assertEquals("", edit(twice).remove("b").text(), "remove takes both definitions, then the empty block goes");
    }

    @Test
    void blockKeepsTheFileLineEndings() {
        String crlf = GOLDEN.replace("\n", "\r\n");
        ServerConfEdit edit = edit(crlf).set("pg.net.bind.to", "127.0.0.1:1").set("tls.enabled", "true");
        assertEquals(crlf.replace("127.0.0.1:8812", "127.0.0.1:1") + "\r\n" + HEADER + "\r\ntls.enabled=true\r\n" + END + "\r\n", edit.text());
        edit.remove("tls.enabled");
        assertEquals(crlf.replace("127.0.0.1:8812", "127.0.0.1:1"), edit.text());
    }

    @Test
    void unterminatedLastLineIsEndedOnceAndRestoredOnStrip() {
        ServerConfEdit edit = edit("a=1").set("b", "2");
        assertEquals("a=1\n" + HEADER + "\nb=2\n" + END + "\n", edit.text());
        assertEquals("a=1", edit.remove("b").text());

        ServerConfEdit continued = edit("a=x\\").set("b", "2");
        assertEquals("a=x\n" + HEADER + "\nb=2\n" + END + "\n", continued.text());
        assertEquals(Optional.of("x"), ServerConf.parse(continued.text()).get("a"));

        assertEquals(HEADER + "\nb=2\n" + END + "\n", edit("").set("b", "2").text(), "an empty file gets no leading blank line");
    }

    @Test
    void removeDeletesEveryDefinitionAndKeepsTheRest() {
        String text = "# c\na=1\nb=2\\\n  more\nc=3\na=4\n";
        ServerConfEdit edit = edit(text).remove("a").remove("b").remove("missing");
        assertEquals("# c\nc=3\n", edit.text());
        assertEquals(List.of("- a=1", "- a=4", "- b=2more"), edit.diff());
        assertEquals("server.conf: removed a, b", edit.describeChanges());
        assertEquals(List.of("a is defined 2 times (line 2, line 6); all are removed"), edit.warnings());
        assertEquals(Set.of(), edit.writtenKeys());
    }

    @Test
    void duplicateDefinitionsEditTheLastAndReportTheEarlier() {
        String text = "pg.user=alice\nhttp.user=x\npg.user = bob\n";
        ServerConfEdit edit = edit(text).set("pg.user", "carol");
        assertEquals("pg.user=alice\nhttp.user=x\npg.user = carol\n", edit.text());
        assertEquals(Optional.of("carol"), ServerConf.parse(edit.text()).get("pg.user"));
        assertEquals(List.of("pg.user is defined 2 times (line 1, line 3); QuestDB uses the last one,"
                + " so line 3 is edited and the others are kept as they are"), edit.warnings());
        assertEquals(List.of("- pg.user=bob", "+ pg.user=carol"), edit.diff());
    }

    @Test
    void settingBackToTheOriginalValueIsNoChange() {
        ServerConfEdit edit = edit(GOLDEN).set("pg.net.bind.to", "1.2.3.4:5").set("pg.net.bind.to", "127.0.0.1:8812");
        edit.set("new.key", "v").remove("new.key");
        assertEquals(GOLDEN, edit.text());
        assertFalse(edit.changed());
        assertEquals(List.of(), edit.diff());
        assertEquals("server.conf: no changes", edit.describeChanges());
    }

    @Test
    void valuesAndKeysAreEscapedSoQuestDbReadsThemBack() {
        List<String> values = List.of("C:\\data\\import", "  two leading spaces", "\tleading tab", "trailing  ", "a=b:c#d!e",
                "#starts with hash", "line\nbreak\r\n", "r\u00e9mi \u00ff", "\u20ac uro \u4e2d", "\\u0041 literal", "", "\\", "ends with \\");
        ServerConfEdit edit = edit(GOLDEN);
        for (int i = 0; i < values.size(); i++) {
            edit.set("k" + i, values.get(i));
        }
        edit.set("pg.net.bind.to", "  spaced\\value");
        List<String> keys = List.of("key with spaces", "a=b", "c:d", "#hash", "!bang", "tab\tkey", "\u00e9t\u00e9", "\u4e2d");
        keys.forEach(key -> edit.set(key, key));
        ServerConf reread = ServerConf.parse(new String(edit.bytes(), StandardCharsets.ISO_8859_1)); // as read() decodes
        for (int i = 0; i < values.size(); i++) {
            assertEquals(Optional.of(values.get(i)), reread.get("k" + i), "k" + i);
        }
        assertEquals(Optional.of("  spaced\\value"), reread.get("pg.net.bind.to"));
        keys.forEach(key -> assertEquals(Optional.of(key), reread.get(key), key));
        String text = edit.text();
        assertTrue(text.contains("\nk0=C:\\\\data\\\\import\n"), text);
        assertTrue(text.contains("\nk1=\\  two leading spaces\n"));
        assertTrue(text.contains("\nk4=a=b:c#d!e\n"), "no needless escapes in values");
        assertTrue(text.contains("\nk7=r\u00e9mi \u00ff\n"), "Latin-1 as is");
        assertTrue(text.contains("\nk8=\\u20AC uro \\u4E2D\n"), "outside Latin-1 as \\uXXXX");
        assertTrue(text.contains("\nkey\\ with\\ spaces=key with spaces\n"));
        assertTrue(text.contains("\na\\=b=a=b\n"));
        assertTrue(text.contains("\n\\#hash=#hash\n"));
        assertTrue(text.contains("pg.net.bind.to = \\  spaced\\\\value\n"));
    }

    @Test
    void untouchedCommentsWithNonLatin1TextCannotBeWritten() {
        ServerConfEdit edit = edit("# \u4e2d\na=1\n").set("a", "2");
        AgentException e = assertThrows(AgentException.class, edit::bytes);
        assertEquals("server_conf_not_latin1", e.reason());
    }

    @Test
    void emptyKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> edit(GOLDEN).set("", "x"));
        assertThrows(NullPointerException.class, () -> edit(GOLDEN).set("a", null));
    }

    @Test
    void getAndKeysSeeTheEditedText() {
        ServerConfEdit edit = edit(GOLDEN).set("x.y", "1").remove("pg.user");
        assertEquals(Optional.of("1"), edit.get("x.y"));
        assertEquals(Optional.empty(), edit.get("pg.user"));
        assertEquals(List.of("config.validation.strict", "pg.net.bind.to", "cairo.sql.copy.root", "pg.password", "http.min.net.bind.to",
                "line.tcp.enabled", "x.y"), List.copyOf(edit.keys()));
    }

    /**
     * Random files built from every syntax Properties knows (separators, blanks, escapes, continuations,
     * comments ending in a backslash, \r, \n and \r\n, no final newline) and random edits: the text
     * round-trips, the editor reads what Properties reads, and after the edits Properties reads the model.
     */
    @Test
    void randomFilesAndEditsAgreeWithJavaProperties() throws Exception {
        String[] separators = {"", "=", " = ", ":", " : ", " ", "\t", "\t=\t", "=  ", " :="};
        String[] values = {"v", "", "127.0.0.1:9000", "C:\\\\x", "a\\\n   b", "tail  ", "\\u00e9t\\u00e9", "x\\", "a=b", "#not comment",
            "\\ lead", "r\u00e9mi"};
        String[] trivia = {"", "   ", "# comment", "! bang", "  # indented \\", "#k1=commented", "\t"};
        String[] terminators = {"\n", "\r\n", "\r"};
        String[] editValues = {"new", " lead", "a\\b", "\u4e2d", "", "line\nbreak", "=:#!"};
        Random random = new Random(20260314);
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            int lines = random.nextInt(12);
            for (int i = 0; i < lines; i++) {
                if (random.nextInt(3) == 0) {
                    text.append(trivia[random.nextInt(trivia.length)]);
                } else {
                    text.append(random.nextBoolean() ? "" : "  ").append("k").append(random.nextInt(6))
                            .append(separators[random.nextInt(separators.length)]).append(values[random.nextInt(values.length)]);
                }
                if (i < lines - 1 || random.nextBoolean()) {
                    text.append(terminators[random.nextInt(terminators.length)]);
                }
            }
            String original = text.toString();
            Properties expected = load(original);
            ServerConfEdit edit = edit(original);
            assertEquals(original, edit.text(), original);
            for (String key : expected.stringPropertyNames()) {
                assertEquals(Optional.of(expected.getProperty(key)), edit.get(key), key + " in " + original);
            }
            assertEquals(expected.stringPropertyNames(), edit.keys(), original);
            for (int op = random.nextInt(5); op > 0; op--) {
                String key = "k" + random.nextInt(9);
                if (random.nextInt(3) == 0) {
                    edit.remove(key);
                    expected.remove(key);
                } else {
                    String value = editValues[random.nextInt(editValues.length)];
                    edit.set(key, value);
                    expected.setProperty(key, value);
                }
            }
            assertEquals(expected, load(new String(edit.bytes(), StandardCharsets.ISO_8859_1)), original + "\n=>\n" + edit.text());
        }
    }

    private static Properties load(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }
}
