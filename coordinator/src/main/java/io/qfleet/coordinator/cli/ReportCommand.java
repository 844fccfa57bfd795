package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.report.HtmlReport;
import io.qfleet.coordinator.report.JsonReport;
import io.qfleet.coordinator.report.ReportWriter;
import io.qfleet.coordinator.report.RunReport;
import io.qfleet.coordinator.report.TextReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code qfleet report RUN_DIR_OR_JOURNAL [--format text|json|html]}: rebuilds a run's report from
 * its journal, prints it, and (re)writes report.txt, report.json and report.html beside the journal.
 */
@Command(name = "report",
        description = {"Print a run's report, rebuilt from its journal.",
            "Also (re)writes report.txt, report.json and report.html beside the journal. Works on finished, "
                + "interrupted and crashed runs: a host without an outcome shows as in_progress."})
public final class ReportCommand implements Callable<Integer> {

    /** What to print. */
    enum Format { TEXT, JSON, HTML }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR_OR_JOURNAL",
            description = "The run's directory (holding " + RunJournal.FILE_NAME + ") or the journal file itself.")
    private Path path;

    @Option(names = "--format", paramLabel = "text|json|html", defaultValue = "text", converter = FormatConverter.class,
            description = "text: the summary (default); json: one JSON document; html: one self-contained page.")
    private Format format = Format.TEXT;

    @Override
    public Integer call() {
        Path journal = journal(path);
        RunReport report = read(journal);
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case TEXT -> TextReport.render(report);
            case JSON -> JsonReport.render(report);
            case HTML -> HtmlReport.render(report);
        });
        out.flush();
        Path runDir = journal.toAbsolutePath().getParent();
        try {
            ReportWriter.write(runDir, report);
        } catch (UncheckedIOException e) {
            throw new CommandFailedException(ExitCodes.UNEXPECTED, e.getMessage(), e);
        }
        return ExitCodes.DONE;
    }

    /** The journal a path names: the file itself, or journal.jsonl in a directory. */
    static Path journal(Path path) {
        if (Files.isDirectory(path)) {
            Path journal = path.resolve(RunJournal.FILE_NAME);
            if (!Files.isRegularFile(journal)) {
                throw usage(path, "no " + RunJournal.FILE_NAME + " in this directory (expected: a run directory)");
            }
            return journal;
        }
        if (!Files.exists(path)) {
            throw usage(path, "no such file or directory");
        }
        if (!Files.isRegularFile(path)) {
            throw usage(path, "not a file or directory");
        }
        return path;
    }

    private static RunReport read(Path journal) {
        List<JournalEntry> entries;
        try {
            entries = RunJournal.read(journal);
        } catch (UncheckedIOException e) {
            throw usage(journal, "cannot read: " + e.getCause().getMessage());
        } catch (RunJournal.NotAJournalException e) { // "<file>:<line>: not a journal entry: ..."
            throw new CommandFailedException(ExitCodes.USAGE, e.getMessage(), e);
        }
        try {
            return RunReport.from(entries);
        } catch (IllegalArgumentException e) {
            throw usage(journal, "not a run journal: " + e.getMessage());
        }
    }

    private static CommandFailedException usage(Path path, String message) {
        return new CommandFailedException(ExitCodes.USAGE, path + ": " + message);
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "text":
                    return Format.TEXT;
                case "json":
                    return Format.JSON;
                case "html":
                    return Format.HTML;
                default:
                    throw new TypeConversionException("'" + value + "' is not a report format (expected text, json or html)");
            }
        }
    }
}
