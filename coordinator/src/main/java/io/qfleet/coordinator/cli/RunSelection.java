package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.journal.RunJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** {@code --run RUN_ID}: which run of the runs dir; default the newest. */
final class RunSelection {

    @Option(names = "--run", paramLabel = "RUN_ID", description = "The run (default: the newest in the runs dir).")
    private String runId;

    /** The chosen run's directory; a missing run is a usage error on {@code commandLine}. */
    Path find(picocli.CommandLine commandLine, Path runsDir) {
        try {
            return find(runsDir);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    private Path find(Path runsDir) {
        if (runId != null) {
            // A name in the runs dir, not a path: resume appends to the journal it finds.
            if (runId.isEmpty() || runId.contains("/") || runId.contains("\\") || runId.equals(".") || runId.equals("..")) {
                throw new IllegalArgumentException("--run " + runId + ": not a run id (expected the name of a run's directory in "
                        + runsDir + ", e.g. r20261126-175559-e3b8)");
            }
            Path dir = runsDir.resolve(runId);
            if (!Files.isRegularFile(dir.resolve(RunJournal.FILE_NAME))) {
                throw new IllegalArgumentException(dir + ": no such run (no " + RunJournal.FILE_NAME + " there)");
            }
            return dir;
        }
        // Run ids start with their UTC start time, so the newest sorts last.
        try (Stream<Path> runs = Files.isDirectory(runsDir) ? Files.list(runsDir) : Stream.empty()) {
            return runs.filter(d -> Files.isRegularFile(d.resolve(RunJournal.FILE_NAME)))
                    .max(Comparator.comparing(d -> d.getFileName().toString()))
                    .orElseThrow(() -> new IllegalArgumentException(runsDir + ": no runs there (qfleet run starts one)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
