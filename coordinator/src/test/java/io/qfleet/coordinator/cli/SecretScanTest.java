package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
            assertTrue(failure.getMessage().contains("secret #2 in " + file), failure.getMessage());
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
}
