package io.qfleet.coordinator.report;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.journal.RunJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes {@code report.txt}, {@code report.json} and {@code report.html} beside a run's journal.
 * Each file is written to a temporary file in the same directory, forced to disk and renamed over
 * the old one, so a reader sees the previous report or the new one, never half of one.
 */
public final class ReportWriter {

    public static final String TEXT = "report.txt";
    public static final String JSON = "report.json";
    public static final String HTML = "report.html";

    /** Where the three reports were written. */
    public record ReportFiles(Path text, Path json, Path html) {}

    private ReportWriter() {}

    /**
     * Reads {@code runDir/journal.jsonl} and writes the three reports beside it.
     *
     * @throws UncheckedIOException if the journal cannot be read or a report cannot be written
     * @throws IllegalArgumentException if the journal is not a run's journal
     */
    public static ReportFiles write(Path runDir) {
        requireNonNull(runDir, "runDir");
        return write(runDir, RunReport.from(RunJournal.read(runDir.resolve(RunJournal.FILE_NAME))));
    }

    /** Writes the three reports of {@code report} into {@code runDir}. */
    public static ReportFiles write(Path runDir, RunReport report) {
        requireNonNull(runDir, "runDir");
        requireNonNull(report, "report");
        ReportFiles files = new ReportFiles(runDir.resolve(TEXT), runDir.resolve(JSON), runDir.resolve(HTML));
        // The three at once: at a thousand hosts each takes a few hundred ms at the end of a run.
        CompletableFuture<Void> json = CompletableFuture.runAsync(() -> replace(files.json(), JsonReport.render(report)));
        CompletableFuture<Void> html = CompletableFuture.runAsync(() -> replace(files.html(), HtmlReport.render(report)));
        replace(files.text(), TextReport.render(report));
        try {
            CompletableFuture.allOf(json, html).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        syncDirectory(runDir);
        return files;
    }

    private static void replace(Path file, String content) {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes the renames durable where the platform allows opening a directory (not Windows). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // best effort: the files themselves are on disk
        }
    }
}
