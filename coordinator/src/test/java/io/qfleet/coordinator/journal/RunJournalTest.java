package io.qfleet.coordinator.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
        List<JournalEntry> kept;
        try (RunJournal journal = RunJournal.open(dir)) {
            journal.append(new JournalEntry.StepStarted(T, "db-1", "STOP"));
            journal.record(new JournalEntry.StepFinished(T, "db-1", "STOP", true, "stopped", "", -1, false));
            kept = journal.entries();
        }
        assertEquals(RunJournal.read(dir.resolve(RunJournal.FILE_NAME)), kept);
        try (RunJournal journal = RunJournal.open(dir)) {
            assertEquals(kept, journal.entries());
            journal.append(new JournalEntry.RunResumed(T, true));
            journal.record(new JournalEntry.StepStarted(T, "db-1", "SWAP"));
            kept = journal.entries();
            assertEquals(4, kept.size());
        }
        assertEquals(RunJournal.read(dir.resolve(RunJournal.FILE_NAME)), kept);
    }

    /** qfleet status reads the file while a run goes on: a step's result must get there without waiting for the next append. */
    @Test
    void aRecordedEntryReachesTheFileWithoutAnotherAppend() throws Exception {
        try (RunJournal journal = RunJournal.open(dir)) {
            journal.append(new JournalEntry.StepStarted(T, "db-1", "STOP"));
            journal.record(new JournalEntry.StepFinished(T, "db-1", "STOP", true, "stopped", "", -1, false));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (RunJournal.read(journal.file()).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(journal.entries(), RunJournal.read(journal.file()));
        }
    }

    /** Many hosts append and record at once: every line lands whole, once, in the order entries() reports. */
    @Test
    void concurrentAppendsAndRecordsAllLandInOrder() throws Exception {
        int threads = 16;
        int each = 200;
        List<JournalEntry> kept;
        try (RunJournal journal = RunJournal.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String host = "db-" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        journal.append(new JournalEntry.StepStarted(T, host, "S" + i));
                        journal.record(new JournalEntry.StepFinished(T, host, "S" + i, true, "m", "", i, false));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            kept = journal.entries();
        }
        assertEquals(threads * each * 2, kept.size());
        assertEquals(kept, RunJournal.read(dir.resolve(RunJournal.FILE_NAME)));
        for (int t = 0; t < threads; t++) { // each host's own lines in the order it wrote them
            String host = "db-" + t;
            List<String> mine = kept.stream().filter(e -> e instanceof JournalEntry.StepStarted s ? s.host().equals(host)
                    : ((JournalEntry.StepFinished) e).host().equals(host)).map(e -> e.getClass().getSimpleName() + (e
                    instanceof JournalEntry.StepStarted s ? s.step() : ((JournalEntry.StepFinished) e).step())).toList();
            assertEquals(IntStream.range(0, each).boxed()
                    .flatMap(i -> Stream.of("StepStarted" + "S" + i, "StepFinished" + "S" + i)).toList(), mine);
        }
    }

    @Test
    void aClosedJournalRefusesMoreEntries() {
        RunJournal journal = RunJournal.open(dir);
        journal.append(new JournalEntry.RunResumed(T, false));
        journal.close();
        assertThrows(IllegalStateException.class, () -> journal.append(new JournalEntry.RunResumed(T, true)));
        assertThrows(IllegalStateException.class, () -> journal.record(new JournalEntry.RunResumed(T, true)));
        assertEquals(List.of(new JournalEntry.RunResumed(T, false)), RunJournal.read(dir.resolve(RunJournal.FILE_NAME)));
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
