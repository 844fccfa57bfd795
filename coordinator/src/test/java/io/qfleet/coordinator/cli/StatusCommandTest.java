package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.coordinator.CoordinatorMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code qfleet status} on runs that qfleet left before anything was journaled (killed at its start). */
class StatusCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"type\":\"run_sta"})
    void aRunKilledBeforeItsFirstJournalLineIsAUsageErrorNotACrash(String journal) throws Exception {
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, QfleetCliTest.FLEET);
        Files.writeString(dir.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), "archive");
        Path run = Files.createDirectories(dir.resolve("qfleet-runs/r20260102-030405-abcd"));
        Files.writeString(run.resolve("journal.jsonl"), journal);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = CoordinatorMain.commandLine(new PrintWriter(out), new PrintWriter(err)).execute("status", "-f", fleet.toString());

        assertEquals(ExitCodes.USAGE, code, err.toString());
        assertEquals(List.of("qfleet: " + run + ": no run journal there (expected journal.jsonl to start with run_started; qfleet run "
                + "starts a new run)"), err.toString().lines().toList());
        assertEquals("", out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../elsewhere", "..", "a/b"})
    void aRunIdThatIsAPathIsRefused(String runId) throws Exception {
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, QfleetCliTest.FLEET);
        Files.writeString(dir.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), "archive");
        // Journals where each path leads, so that only the guard can refuse it.
        for (Path journalDir : List.of(dir.resolve("elsewhere"), dir, dir.resolve("qfleet-runs/a/b"))) {
            Files.writeString(Files.createDirectories(journalDir).resolve("journal.jsonl"), "");
        }

        for (String command : List.of("status", "resume")) {
            StringWriter err = new StringWriter();
            int code = CoordinatorMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                    .execute(command, "-f", fleet.toString(), "--run", runId);

            assertEquals(ExitCodes.USAGE, code, err.toString());
            assertEquals(List.of("qfleet: --run " + runId + ": not a run of " + dir.resolve("qfleet-runs") + " (expected a run id, e.g. "
                    + "r20261126-175559-e3b8)"), err.toString().lines().toList());
        }
    }

    /** A run id as a shell completes it (a slash after it), or the path of a run in the runs dir, names that run. */
    @ParameterizedTest
    @ValueSource(strings = {"r20260102-030405-abcd/", "{runs}/r20260102-030405-abcd"})
    void aRunNamedByItsDirectoryIsFound(String runId) throws Exception {
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, QfleetCliTest.FLEET);
        Files.writeString(dir.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), "archive");
        Path run = Files.createDirectories(dir.resolve("qfleet-runs/r20260102-030405-abcd"));
        Files.writeString(run.resolve("journal.jsonl"), "");
        StringWriter err = new StringWriter();

        int code = CoordinatorMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("status", "-f", fleet.toString(), "--run", runId.replace("{runs}", dir.resolve("qfleet-runs").toString()));

        assertEquals(ExitCodes.USAGE, code, err.toString()); // found: its empty journal is the refusal
        assertEquals(List.of("qfleet: " + run + ": no run journal there (expected journal.jsonl to start with run_started; qfleet run "
                + "starts a new run)"), err.toString().lines().toList());
    }

    @Test
    void theSameRunIsRefusedByResume() throws Exception {
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, QfleetCliTest.FLEET);
        Files.writeString(dir.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), "archive");
        Path run = Files.createDirectories(dir.resolve("qfleet-runs/r20260102-030405-abcd"));
        Files.writeString(run.resolve("journal.jsonl"), "");
        StringWriter err = new StringWriter();

        int code = CoordinatorMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("resume", "-f", fleet.toString());

        assertEquals(ExitCodes.USAGE, code, err.toString());
        assertEquals(List.of("qfleet: " + run + ": no run journal there (expected journal.jsonl)"), err.toString().lines().toList());
    }
}
