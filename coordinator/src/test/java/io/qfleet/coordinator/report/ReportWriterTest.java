package io.qfleet.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.journal.RunJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path dir;

    List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheThreeReportsBesideTheJournal() throws IOException {
        JournalScript.Runs.clean(dir);

        ReportWriter.ReportFiles written = ReportWriter.write(dir);

        assertEquals(new ReportWriter.ReportFiles(dir.resolve("report.txt"), dir.resolve("report.json"),
                dir.resolve("report.html")), written);
        assertEquals(List.of("journal.jsonl", "report.html", "report.json", "report.txt"), files());
        RunReport report = RunReport.from(RunJournal.read(dir.resolve(RunJournal.FILE_NAME)));
        assertEquals(TextReport.render(report), Files.readString(written.text()));
        assertEquals(JsonReport.render(report), Files.readString(written.json()));
        assertEquals(HtmlReport.render(report), Files.readString(written.html()));
    }

    @Test
    void rewritesReportsWhenTheJournalGrows() throws IOException {
        JournalScript.Runs.crashed(dir);
        ReportWriter.write(dir);
        assertTrue(Files.readString(dir.resolve("report.txt")).contains(": incomplete,"));

        try (JournalScript s = new JournalScript(dir)) {
            s.runFinished(40, true);
        }
        ReportWriter.write(dir);

        assertTrue(Files.readString(dir.resolve("report.txt")).contains(": interrupted,"));
        assertEquals(List.of("journal.jsonl", "report.html", "report.json", "report.txt"), files(), "no temp files");
    }

    @Test
    void missingJournalIsAnIoError() {
        assertThrows(UncheckedIOException.class, () -> ReportWriter.write(dir));
    }
}
