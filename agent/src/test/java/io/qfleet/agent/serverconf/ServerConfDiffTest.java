package io.qfleet.agent.serverconf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.PatchFailedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden unified diffs of the line-preserving editor's edits: comments, blank lines and order show as
 * context exactly as in the file, a key changed vs added vs removed, every kind of secret as {@code ***}
 * on both sides, and each diff applies to the old text to give the new one.
 */
class ServerConfDiffTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T09:26:53Z"), ZoneOffset.UTC);
    private static final String HEADER = "# --- managed by qfleet: keys added on 2026-03-14; qfleet strips them on rollback ---";
    private static final String END = "# --- end of keys managed by qfleet ---";
    private static final String SECRET = "S3cr3t-v4lue";
    private static final String FILE = String.join("\n",
            "# QuestDB server.conf",
            "config.validation.strict=true",
            "",
            "# HTTP",
            "#http.net.bind.to=0.0.0.0:9000",
            "http.net.bind.to=127.0.0.1:9000",
            "",
            "# PG wire",
            "pg.net.bind.to = 127.0.0.1:8812",
            "pg.user=admin",
            "line.tcp.enabled=true",
            "",
            "# telemetry",
            "telemetry.enabled=false",
            "");

    private static ServerConfEdit edit(String text) {
        return ServerConfEdit.of(ServerConf.parse(text), CLOCK);
    }

    @Test
    void noChangeIsAnEmptyDiff() {
        assertEquals("", ServerConfDiff.unified(FILE, FILE));
        assertEquals("", ServerConfDiff.unified(FILE, edit(FILE).set("pg.user", "admin").text()), "same value: no change");
        assertEquals("", ServerConfDiff.unified("", ""));
    }

    @Test
    void changedKeyIsEditedInPlaceWithItsCommentsAndBlankLinesAsContext() {
        String after = edit(FILE).set("pg.net.bind.to", "0.0.0.0:8812").text();
        String diff = ServerConfDiff.unified(FILE, after);
        assertEquals(String.join("\n",
                "--- a/conf/server.conf",
                "+++ b/conf/server.conf",
                "@@ -6,7 +6,7 @@",
                " http.net.bind.to=127.0.0.1:9000",
                " ",
                " # PG wire",
                "-pg.net.bind.to = 127.0.0.1:8812",
                "+pg.net.bind.to = 0.0.0.0:8812",
                " pg.user=admin",
                " line.tcp.enabled=true",
                " ",
                ""), diff);
        assertApplies(FILE, diff, after);
    }

    @Test
    void addedKeysGoIntoTheQfleetBlockAtTheEnd() {
        String after = edit(FILE).set("tls.enabled", "true").set("http.min.tls.enabled", "false").text();
        String diff = ServerConfDiff.unified(FILE, after);
        assertEquals(String.join("\n",
                "--- a/conf/server.conf",
                "+++ b/conf/server.conf",
                "@@ -12,3 +12,8 @@",
                " ",
                " # telemetry",
                " telemetry.enabled=false",
                "+",
                "+" + HEADER,
                "+tls.enabled=true",
                "+http.min.tls.enabled=false",
                "+" + END,
                ""), diff);
        assertApplies(FILE, diff, after);
    }

    @Test
    void removedKeyLeavesItsNeighboursAlone() {
        String after = edit(FILE).remove("line.tcp.enabled").text();
        String diff = ServerConfDiff.unified(FILE, after);
        assertEquals(String.join("\n",
                "--- a/conf/server.conf",
                "+++ b/conf/server.conf",
                "@@ -8,7 +8,6 @@",
                " # PG wire",
                " pg.net.bind.to = 127.0.0.1:8812",
                " pg.user=admin",
                "-line.tcp.enabled=true",
                " ",
                " # telemetry",
                " telemetry.enabled=false",
                ""), diff);
        assertApplies(FILE, diff, after);
    }

    @Test
    void changedAddedAndRemovedTogetherKeepTheFileOrder() {
        String after = edit(FILE).set("telemetry.enabled", "true").remove("http.net.bind.to").set("replication.role", "primary").text();
        String diff = ServerConfDiff.unified(FILE, after);
        assertTrue(diff.contains("\n-http.net.bind.to=127.0.0.1:9000\n"), diff);
        assertTrue(diff.contains("\n-telemetry.enabled=false\n+telemetry.enabled=true\n+\n+" + HEADER + "\n+replication.role=primary\n+"
                + END + "\n"), diff);
        assertTrue(diff.indexOf("-http.net.bind.to") < diff.indexOf("-telemetry.enabled"), diff);
        assertTrue(diff.contains("\n #http.net.bind.to=0.0.0.0:9000\n"), "the commented default stays as context: " + diff);
        assertApplies(FILE, diff, after);
    }

    @Test
    void everySecretIsRedactedOnBothSidesAndInContext() {
        String before = FILE
                + "pg.password=" + SECRET + "\n"
                + "http.password : " + SECRET + "\n"
                + "#acl.admin.password=" + SECRET + "\n"
                + "acl.oidc.tls.keystore.password=" + SECRET + "\n"
                + "some.api.token=" + SECRET + "\n"
                + "cold.storage.credential=" + SECRET + "\n"
                + "line.tcp.secret=\\\n    " + SECRET + "\n"
                + "backup.object.store=azblob::endpoint=https://a.blob.core.windows.net;container=c;account_name=a;account_key="
                + SECRET + ";\n";
        String store = "s3::bucket=qdb;root=db-1;region=eu-west-1;access_key_id=AKIA" + SECRET + ";secret_access_key=" + SECRET + ";";
        ServerConfEdit edit = edit(before).set("acl.admin.password", SECRET + "-new").set("pg.password", SECRET + "-2")
                .set("replication.object.store", store).remove("http.password");
        String diff = ServerConfDiff.unified(before, edit.text());

        assertFalse(diff.contains(SECRET), diff);
        assertTrue(diff.contains("\n-pg.password=***\n") && diff.contains("\n+pg.password=***\n"),
                "a changed secret shows that it changed: " + diff);
        assertTrue(diff.contains("\n-http.password : ***\n"), "removed, separator as written: " + diff);
        assertTrue(diff.contains("\n #acl.admin.password=***\n"), "a commented secret in context: " + diff);
        assertTrue(diff.contains("\n line.tcp.secret=***\\\n     ***\n"), "a continued secret keeps its line count: " + diff);
        String shown = ServerConfDiff.redacted(before);
        assertFalse(shown.contains(SECRET), shown);
        assertEquals(before.lines().count(), shown.lines().count());
        for (String line : List.of("pg.password=***", "http.password : ***", "#acl.admin.password=***", "acl.oidc.tls.keystore.password=***",
                "some.api.token=***", "cold.storage.credential=***", "backup.object.store=azblob::endpoint=https://a.blob.core.windows.net;"
                        + "container=c;account_name=a;account_key=***;")) {
            assertTrue(shown.lines().anyMatch(line::equals), line + " in\n" + shown);
        }
        assertTrue(diff.contains("\n+acl.admin.password=***\n"), diff);
        assertTrue(diff.contains("\n+replication.object.store=s3::bucket=qdb;root=db-1;region=eu-west-1;access_key_id=***;"
                + "secret_access_key=***;\n"), "store parts that are not secret stay readable: " + diff);
        assertApplies(ServerConfDiff.redacted(before), diff, ServerConfDiff.redacted(edit.text()));
    }

    @Test
    void redactedLeavesEverythingButSecretValuesByteForByte() {
        assertEquals(FILE, ServerConfDiff.redacted(FILE));
        String crlf = "# c\r\npg.password=" + SECRET + "\r\nk=v\r\n# the password is rotated monthly\r\n";
        assertEquals("# c\r\npg.password=***\r\nk=v\r\n# the password is rotated monthly\r\n", ServerConfDiff.redacted(crlf));
        assertEquals("pg.password=", ServerConfDiff.redacted("pg.password="), "an empty secret has nothing to hide");
    }

    @Test
    void aFileWithoutServerConfIsDiffedAgainstNothing() {
        String after = edit("").set("acl.admin.user.enabled", "false").text();
        String diff = ServerConfDiff.unified("", after);
        assertEquals(String.join("\n",
                "--- a/conf/server.conf",
                "+++ b/conf/server.conf",
                "@@ -0,0 +1,3 @@",
                "+" + HEADER,
                "+acl.admin.user.enabled=false",
                "+" + END,
                ""), diff);
        assertApplies("", diff, after);
    }

    @Test
    void aLastLineWithoutNewlineIsMarkedAsDiffDoes() {
        String before = "a=1\nb=2";
        String after = edit(before).set("c", "3").text();
        String diff = ServerConfDiff.unified(before, after);
        assertEquals(String.join("\n",
                "--- a/conf/server.conf",
                "+++ b/conf/server.conf",
                "@@ -1,2 +1,5 @@",
                " a=1",
                "-b=2",
                "\\ No newline at end of file",
                "+b=2",
                "+" + HEADER,
                "+c=3",
                "+" + END,
                ""), diff);
    }

    /** The diff, parsed and applied by the library's own patch reader, turns {@code before} into {@code after}. */
    private static void assertApplies(String before, String diff, String after) {
        try {
            List<String> patchLines = diff.lines().filter(l -> !l.startsWith("\\")).toList();
            List<String> result = UnifiedDiffUtils.parseUnifiedDiff(patchLines).applyTo(lines(before));
            assertEquals(lines(after), result, diff);
        } catch (PatchFailedException e) {
            throw new AssertionError("does not apply: " + e.getMessage() + "\n" + diff, e);
        }
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
