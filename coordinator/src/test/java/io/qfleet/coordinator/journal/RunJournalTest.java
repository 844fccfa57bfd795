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
}
