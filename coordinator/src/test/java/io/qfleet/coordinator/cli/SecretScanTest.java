package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The scan itself: a planted leak in any scanned place fails it; secrets where they belong do not. */
class SecretScanTest {
    private static final String SECRET = "pl4nted-S3cret-value";

    @TempDir
    Path dir;

    @Test
    void aLeakInALogAJournalAReportOrTheCliOutputFails() throws Exception {
        Path runs = Files.createDirectories(dir.resolve("qfleet-runs/r1"));
        Files.writeString(runs.resolve("journal.jsonl"), "{\"type\":\"step_finished\"}\n");
        Files.writeString(runs.resolve("report.html"), "<p>fine</p>");
        Files.createDirectories(dir.resolve("db-1/root/conf"));
        Files.writeString(dir.resolve("db-1/root/conf/server.conf"), "acl.admin.password=" + SECRET + "\n"); // QuestDB's own: fine
        SecretScan.assertNoSecret(List.of(SECRET), List.of(dir), Map.of("stdout", "ok"));

        for (String place : List.of("qfleet-runs/r1/journal.jsonl", "qfleet-runs/r1/report.html", "db-1/agent.log",
                "db-1/state/operations/r1.db-1.replication.json")) {
            Path file = dir.resolve(place);
            Files.createDirectories(file.getParent());
            String before = Files.exists(file) ? Files.readString(file) : "";
            Files.writeString(file, before + "message with " + SECRET);
            AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                    () -> SecretScan.assertNoSecret(List.of("other", SECRET), List.of(dir), Map.of()));
            assertTrue(failure.getMessage().contains("secret #2 (raw) in " + file), failure.getMessage());
            assertFalse(failure.getMessage().contains(SECRET), "the report of a leak does not repeat it");
            Files.writeString(file, before);
        }
        assertThrows(AssertionFailedError.class, () -> SecretScan.assertNoSecret(List.of(SECRET), List.of(dir),
                Map.of("qfleet run stderr", "error: " + SECRET)));
    }

    @Test
    void aScanThatFindsNothingToReadFails() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        assertThrows(AssertionFailedError.class, () -> SecretScan.assertNoSecret(List.of(SECRET), List.of(dir.resolve("empty")), Map.of()));
    }

    /** The secrets of EnterpriseFlowIT and ReplicationRunIT, whose quotes and non-Latin-1 letters change as they are written down. */
    private static final String NON_LATIN1 = "B0b-Zo\u00eb-\u4e2d\u6587";
    private static final String QUOTED = "Svc-pw-\"never-shown\"";
    private static final String SQL_QUOTED = "Adm1n-pw-'never-shown'";
    /** Base64 with + and / (standard) or - and _ (url-safe). */
    private static final String BASE64_SPECIALS = "K3y?>>~~?>";

    @Test
    void eachFormASecretLeaksInIsFound() throws Exception {
        Map<String, byte[]> planted = new LinkedHashMap<>();
        planted.put("UTF-8, after bytes that are not UTF-8", concat(new byte[] {0, (byte) 0xff, (byte) 0xfe, 0x1b},
                utf8("pw=" + NON_LATIN1)));
        planted.put("JSON as Jackson writes it", new ObjectMapper().writeValueAsBytes(Map.of("message", "login " + QUOTED + " failed")));
        planted.put("JSON with \\u escapes", utf8("{\"m\":\"B0b-Zo\\u00eb-\\u4e2d\\u6587\"}"));
        planted.put("JSON with \\u escapes, upper-case hex", utf8("{\"m\":\"B0b-Zo\\u00EB-\\u4E2D\\u6587\"}"));
        planted.put("SQL with doubled quotes", utf8("CREATE USER ops WITH PASSWORD 'Adm1n-pw-''never-shown'''"));
        planted.put("URL-encoded", utf8("GET /exec?query=x&password=" + URLEncoder.encode(NON_LATIN1, StandardCharsets.UTF_8)));
        planted.put("URL-encoded quotes", utf8("uri=s3://h?k=" + URLEncoder.encode(SQL_QUOTED, StandardCharsets.UTF_8)));
        planted.put("base64", utf8("blob " + Base64.getEncoder().encodeToString(utf8(BASE64_SPECIALS))));
        planted.put("base64 url-safe", utf8("jwt." + Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(BASE64_SPECIALS))));
        for (String user : List.of("admin:", "bob:", "user:")) { // the secret at each offset of a 3-byte group
            planted.put("HTTP basic auth as " + user, utf8("Authorization: Basic " + Base64.getEncoder().encodeToString(utf8(user + QUOTED))));
            planted.put("url-safe base64 after " + user, utf8("t=" + Base64.getUrlEncoder().encodeToString(utf8(user + BASE64_SPECIALS))));
        }
        List<String> secrets = List.of(NON_LATIN1, QUOTED, SQL_QUOTED, BASE64_SPECIALS);
        Path log = dir.resolve("agent.log");
        Files.writeString(log, "clean\n");
        SecretScan.assertNoSecret(secrets, List.of(dir), Map.of());
        for (Map.Entry<String, byte[]> leak : planted.entrySet()) {
            Files.write(log, leak.getValue());
            AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                    () -> SecretScan.assertNoSecret(secrets, List.of(dir), Map.of()), leak.getKey() + " not found");
            assertTrue(failure.getMessage().contains(" in " + log), failure.getMessage());
            for (String secret : secrets) {
                assertFalse(failure.getMessage().contains(secret), "the report of a leak does not repeat it");
            }
        }
        Files.writeString(log, "clean\n");
        assertThrows(AssertionFailedError.class, () -> SecretScan.assertNoSecret(secrets, List.of(dir),
                Map.of("stderr", "{\"error\":\"Svc-pw-\\\"never-shown\\\"\"}")), "CLI output is scanned in every form too");
    }

    @Test
    void unrelatedTextWithPiecesOfTheSecretsPasses() throws Exception {
        String text = "B0b-Zo e never-shown Adm1n-pw- 'never-shown' Svc-pw- K3y?> " + URLEncoder.encode("B0b-Zo", StandardCharsets.UTF_8)
                + " " + Base64.getEncoder().encodeToString(utf8("Adm1n-pw-'never")) + " " + Base64.getEncoder().encodeToString(utf8("K3y?"))
                + " questdb admin quest {\"m\":\"\\u00eb\"}";
        Files.writeString(dir.resolve("agent.log"), text);
        SecretScan.assertNoSecret(List.of(NON_LATIN1, QUOTED, SQL_QUOTED, BASE64_SPECIALS), List.of(dir), Map.of("stdout", text));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
