package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.CoordinatorMain;
import io.qfleet.coordinator.report.JournalScript;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Black box: {@code qfleet report} as {@code qfleet} builds it, with captured stdout and stderr. */
class ReportCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CommandLine qfleet = CoordinatorMain.commandLine(new PrintWriter(out), new PrintWriter(err));

    @Test
    void printsTheTextReportAndWritesAllThree() throws IOException {
        Path run = dir.resolve("r-clean");
        JournalScript.Runs.clean(run);

        assertEquals(0, qfleet.execute("report", run.toString()));

        assertTrue(out.toString().startsWith("run r-clean to 9.2.2: finished, 3 hosts: 3 migrated;"), out.toString());
        assertEquals("", err.toString());
        assertEquals(out.toString(), Files.readString(run.resolve("report.txt")));
        assertTrue(Files.readString(run.resolve("report.html")).contains("<svg"));
        assertTrue(Files.isRegularFile(run.resolve("report.json")));
    }

    @Test
    void acceptsTheJournalFileAndPrintsJson() throws IOException {
        JournalScript.Runs.rolledBack(dir, "rolled back");

        assertEquals(0, qfleet.execute("report", dir.resolve("journal.jsonl").toString(), "--format", "json"));

        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertEquals("r-back", report.get("run_id").asText());
        assertEquals(out.toString(), Files.readString(dir.resolve("report.json")));
    }

    @Test
    void printsHtml() {
        JournalScript.Runs.crashed(dir);

        assertEquals(0, qfleet.execute("report", dir.toString(), "--format", "HTML"));

        assertTrue(out.toString().startsWith("<!DOCTYPE html>"));
    }

    @Test
    void missingPathExitsTwoWithOneLine() {
        Path missing = dir.resolve("no-such-run");

        assertEquals(ExitCodes.USAGE, qfleet.execute("report", missing.toString()));

        assertEquals("qfleet: " + missing + ": no such file or directory\n", err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void directoryWithoutJournalExitsTwo() {
        assertEquals(ExitCodes.USAGE, qfleet.execute("report", dir.toString()));

        assertEquals("qfleet: " + dir + ": no journal.jsonl in this directory (expected: a run directory)\n",
                err.toString());
    }

    @Test
    void invalidJournalExitsTwoWithOneLine() throws IOException {
        Path journal = dir.resolve("journal.jsonl");
        Files.writeString(journal, "{\"type\":\"run_resumed\",\"time\":\"2026-05-01T03:00:00Z\"}\nnot json\n{}\n");

        assertEquals(ExitCodes.USAGE, qfleet.execute("report", journal.toString()));

        assertTrue(err.toString().startsWith("qfleet: " + journal + ":2: not a journal entry: "), err.toString());
        assertEquals(1, err.toString().lines().count());
        assertFalse(Files.exists(dir.resolve("report.txt")));
    }

    @Test
    void journalWithoutRunStartedExitsTwo() throws IOException {
        Path journal = dir.resolve("journal.jsonl");
        Files.writeString(journal, "{\"type\":\"run_finished\",\"time\":\"2026-05-01T03:00:00Z\",\"interrupted\":false}\n");

        assertEquals(ExitCodes.USAGE, qfleet.execute("report", dir.toString()));

        assertEquals("qfleet: " + journal + ": not a run journal: no run_started entry\n", err.toString());
    }

    @Test
    void unknownFormatIsAUsageError() {
        JournalScript.Runs.clean(dir);

        assertEquals(ExitCodes.USAGE, qfleet.execute("report", dir.toString(), "--format", "pdf"));

        assertTrue(err.toString().contains("'pdf' is not a report format (expected text, json or html)"), err.toString());
    }
}
