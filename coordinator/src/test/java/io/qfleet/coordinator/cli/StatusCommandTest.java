package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.coordinator.CoordinatorMain;
import java.io.IOException;
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

    private static final String RUN = "r20260102-030405-abcd";
    private static final String NOT_STARTED = ": no run journal there (expected journal.jsonl to start with run_started; qfleet run "
            + "starts a new run)";

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"type\":\"run_sta"})
    void aRunKilledBeforeItsFirstJournalLineIsAUsageErrorNotACrash(String journal) throws Exception {
        Path run = runWithJournal(journal);

        Outcome status = qfleet("status", "-f", fleet().toString());

        assertEquals(ExitCodes.USAGE, status.code(), status.err());
        assertEquals(List.of("qfleet: " + run + NOT_STARTED), status.err().lines().toList());
        assertEquals("", status.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../elsewhere", "..", "a/b"})
    void aRunIdThatIsAPathIsRefused(String runId) throws Exception {
        runWithJournal("");
        // Journals where each path leads, so that only the guard can refuse it.
        for (Path journalDir : List.of(dir.resolve("elsewhere"), dir, dir.resolve("qfleet-runs/a/b"))) {
            Files.writeString(Files.createDirectories(journalDir).resolve("journal.jsonl"), "");
        }

        for (String command : List.of("status", "resume")) {
            Outcome refused = qfleet(command, "-f", fleet().toString(), "--run", runId);

            assertEquals(ExitCodes.USAGE, refused.code(), refused.err());
            assertEquals(List.of("qfleet: --run " + runId + ": not a run of " + dir.resolve("qfleet-runs") + " (expected a run id, e.g. "
                    + "r20261126-175559-e3b8)"), refused.err().lines().toList());
        }
    }

    /** A run id as a shell completes it (a slash after it), or the path of a run in the runs dir, names that run. */
    @ParameterizedTest
    @ValueSource(strings = {RUN + "/", "{runs}/" + RUN})
    void aRunNamedByItsDirectoryIsFound(String runId) throws Exception {
        Path run = runWithJournal("");

        Outcome status = qfleet("status", "-f", fleet().toString(), "--run", runId.replace("{runs}", dir.resolve("qfleet-runs").toString()));

        assertEquals(ExitCodes.USAGE, status.code(), status.err()); // found: its empty journal is the refusal
        assertEquals(List.of("qfleet: " + run + NOT_STARTED), status.err().lines().toList());
    }

    @Test
    void theSameRunIsRefusedByResume() throws Exception {
        Path run = runWithJournal("");

        Outcome resume = qfleet("resume", "-f", fleet().toString());

        assertEquals(ExitCodes.USAGE, resume.code(), resume.err());
        assertEquals(List.of("qfleet: " + run + ": no run journal there (expected journal.jsonl)"), resume.err().lines().toList());
    }

    private record Outcome(int code, String out, String err) {}

    private static Outcome qfleet(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CoordinatorMain.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** The fleet file (and its distribution) in the temp dir. */
    private Path fleet() throws IOException {
        Files.writeString(dir.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), "archive");
        return Files.writeString(dir.resolve("fleet.yaml"), QfleetCliTest.FLEET);
    }

    /** The run {@link #RUN} of the default runs dir, its journal holding {@code journal}. */
    private Path runWithJournal(String journal) throws IOException {
        Path run = Files.createDirectories(dir.resolve("qfleet-runs").resolve(RUN));
        Files.writeString(run.resolve("journal.jsonl"), journal);
        return run;
    }
}
