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

    /**
     * The chosen run's directory. A missing run, or a --run that names something else than a run of
     * the runs dir, ends the command in one line (exit 2).
     */
    Path find(Path runsDir) {
        if (runId != null) {
            Path dir = runsDir.resolve(runName(runsDir));
            if (!Files.isRegularFile(dir.resolve(RunJournal.FILE_NAME))) {
                throw usage(dir + ": no such run (no " + RunJournal.FILE_NAME + " there)");
            }
            return dir;
        }
        // Run ids start with their UTC start time, so the newest sorts last.
        try (Stream<Path> runs = Files.isDirectory(runsDir) ? Files.list(runsDir) : Stream.empty()) {
            return runs.filter(d -> Files.isRegularFile(d.resolve(RunJournal.FILE_NAME)))
                    .max(Comparator.comparing(d -> d.getFileName().toString()))
                    .orElseThrow(() -> usage(runsDir + ": no runs there (qfleet run starts one)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * --run as a name in the runs dir: a run id, with the slash a shell's completion adds, or the path of
     * a run in the runs dir. Anything else is refused rather than resolved: resume appends to the
     * journal it finds.
     */
    private String runName(Path runsDir) {
        Path given = Path.of(runId.endsWith("/") ? runId.substring(0, runId.length() - 1) : runId);
        Path parent = given.getParent();
        boolean inRunsDir = parent == null || parent.toAbsolutePath().normalize().equals(runsDir.toAbsolutePath().normalize());
        String name = given.getFileName() == null ? "" : given.getFileName().toString();
        if (!inRunsDir || name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw usage("--run " + runId + ": not a run of " + runsDir + " (expected a run id, e.g. r20261126-175559-e3b8)");
        }
        return name;
    }

    private static CommandFailedException usage(String message) {
        return new CommandFailedException(ExitCodes.USAGE, message);
    }
}
