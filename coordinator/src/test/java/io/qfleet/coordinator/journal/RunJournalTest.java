package io.qfleet.coordinator.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    @Test
    void aJournalOpenForAppendingIsRefusedToASecondWriterUntilClosed() {
        try (RunJournal first = RunJournal.open(dir)) {
            first.append(new JournalEntry.RunResumed(T, false));
            RunJournal.InUseException refused = assertThrows(RunJournal.InUseException.class, () -> RunJournal.open(dir));
            assertTrue(refused.getMessage().startsWith(dir.resolve(RunJournal.FILE_NAME) + " is in use by another qfleet process"),
                    refused.getMessage());
        }
        try (RunJournal again = RunJournal.open(dir)) {
            assertEquals(List.of(new JournalEntry.RunResumed(T, false)), again.entries());
        }
    }

    @Test
    void entriesReadThroughTheOpenJournalMatchTheFileAfterATornTailIsDropped() throws Exception {
        try (RunJournal journal = RunJournal.open(dir)) {
            journal.append(new JournalEntry.StepStarted(T, "db-1", "STOP"));
        }
        Files.writeString(dir.resolve(RunJournal.FILE_NAME), "{\"type\":\"step_fin", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (RunJournal journal = RunJournal.open(dir)) {
            journal.append(new JournalEntry.StepFinished(T, "db-1", "STOP", true, "stopped", "", -1, false));
            List<JournalEntry> entries = journal.entries();
            assertEquals(List.of(new JournalEntry.StepStarted(T, "db-1", "STOP"),
                    new JournalEntry.StepFinished(T, "db-1", "STOP", true, "stopped", "", -1, false)), entries);
            assertEquals(entries, RunJournal.read(journal.file()));
        }
    }

    /** entries() keeps up with writes after its first read: what the end-of-run report renders must be the file. */
    @Test
    void entriesKeptInMemoryStayTheFilesForANewJournalAndAReopenedOne() {
        try (RunJournal journal = RunJournal.open(dir)) {
            journal.append(new JournalEntry.StepStarted(T, "db-1", "STOP"));
            journal.record(new JournalEntry.StepFinished(T, "db-1", "STOP", true, "stopped", "", -1, false));
            assertEquals(RunJournal.read(journal.file()), journal.entries());
        }
        try (RunJournal journal = RunJournal.open(dir)) {
            assertEquals(2, journal.entries().size());
            journal.append(new JournalEntry.RunResumed(T, true));
            journal.record(new JournalEntry.StepStarted(T, "db-1", "SWAP"));
            List<JournalEntry> entries = journal.entries();
            assertEquals(4, entries.size());
            assertEquals(RunJournal.read(journal.file()), entries);
        }
    }

    @Test
    void anOlderStepFinishedLineReadsWithoutAnArchiveAndTheNewEntriesRoundTrip() throws Exception {
        Files.writeString(dir.resolve(RunJournal.FILE_NAME), "{\"type\":\"step_finished\",\"time\":\"2026-01-02T03:04:05Z\","
                + "\"host\":\"db-1\",\"step\":\"BACKUP\",\"ok\":true,\"message\":\"m\",\"version\":\"\",\"rows\":-1,"
                + "\"unreachable\":false}\n", StandardCharsets.UTF_8);
        List<JournalEntry> written = List.of(
                new JournalEntry.StepFinished(T, "db-1", "BACKUP", true, "m", "", -1, false, "/b/root-x.tar.zst"),
                new JournalEntry.RollbackRequested(T, "db-1"),
                new JournalEntry.HostFinalized(T, "db-1", 12345));
        try (RunJournal journal = RunJournal.open(dir)) {
            written.forEach(journal::append);
        }
        List<JournalEntry> read = RunJournal.read(dir.resolve(RunJournal.FILE_NAME));
        assertEquals(new JournalEntry.StepFinished(T, "db-1", "BACKUP", true, "m", "", -1, false), read.get(0));
        assertEquals("", ((JournalEntry.StepFinished) read.get(0)).backupArchive());
        assertEquals(written, read.subList(1, 4));
        String text = Files.readString(dir.resolve(RunJournal.FILE_NAME));
        assertTrue(text.contains("\"backup_archive\":\"/b/root-x.tar.zst\"") && text.contains("\"type\":\"rollback_requested\"")
                && text.contains("\"bytes_freed\":12345"), text);
    }
}
