package io.qfleet.coordinator.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StepLines writes what databind writes, to the byte: any field added, renamed or reordered on one side fails here. */
class StepLinesTest {
    private static final ObjectMapper DATABIND = RunJournal.mapper();
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456789Z");
    /** Quotes, backslashes, control characters, non-ASCII and a pair of surrogates: what escaping must get right. */
    private static final String AWKWARD = "a \"quoted\" \\path\\\n\ttab \u0001 é ✓ \uD83D\uDE80 </script>";

    @Test
    void startedStepsAreWrittenAsDatabindWritesThem() throws Exception {
        same(new JournalEntry.StepStarted(T, "db-1", "STOP"));
        same(new JournalEntry.StepStarted(T, AWKWARD, "HEALTH_GATE"));
        same(new JournalEntry.StepStarted(null, null, null));
    }

    @Test
    void finishedStepsAreWrittenAsDatabindWritesThem() throws Exception {
        same(new JournalEntry.StepFinished(T, "db-1", "PREFLIGHT", true, "QuestDB 8.1.4 running", "8.1.4", -1, false));
        same(new JournalEntry.StepFinished(T, "db-2", "BACKUP", false, AWKWARD, "", Long.MAX_VALUE, true, "/var/backup/a.tar.zst"));
        same(new JournalEntry.StepFinished(T, "db-3", "PREFLIGHT", true, "", "9.2.2", 0, false, "", List.of()));
        same(new JournalEntry.StepFinished(T, "db-3", "PREFLIGHT", true, "", "9.2.2", 0, false, "", List.of("TLS", "ADMIN_ACCOUNTS")));
        same(new JournalEntry.StepFinished(null, null, null, false, null, null, Long.MIN_VALUE, false, null, null));
    }

    @Test
    void otherEntriesAreLeftToDatabind() {
        assertNull(StepLines.json(DATABIND.getFactory(), new JournalEntry.RunResumed(T, true)));
        assertNull(StepLines.json(DATABIND.getFactory(), new JournalEntry.HostFinished(T, "db-1", "migrated", "8.1.4", "9.2.2", 1L, 1L,
                "", true, false)));
    }

    private static void same(JournalEntry entry) throws Exception {
        String fast = StepLines.json(DATABIND.getFactory(), entry);
        assertEquals(DATABIND.writeValueAsString(entry), fast);
        assertEquals(entry, DATABIND.readValue(fast, JournalEntry.class));
    }
}
