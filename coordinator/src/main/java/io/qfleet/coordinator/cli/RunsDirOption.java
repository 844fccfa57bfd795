package io.qfleet.coordinator.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --runs-dir DIR}: where run journals and reports live; default beside the fleet file. */
public final class RunsDirOption {

    @Option(names = "--runs-dir", paramLabel = "DIR",
            description = "Where runs are kept, one directory per run with its journal and report "
                    + "(default: qfleet-runs beside the fleet file).")
    private Path dir;

    /**
     * The runs directory for a new run, made if missing: a place no journal can be written is refused
     * in one line before any agent is asked anything.
     */
    Path created(Path fleetFile) {
        Path runs = resolve(fleetFile);
        return dir != null ? MadeDirectory.make("--runs-dir " + runs, runs, "")
                : MadeDirectory.make(runs.toString(), runs, "; --runs-dir DIR keeps runs elsewhere");
    }

    public Path resolve(Path fleetFile) {
        if (dir != null) {
            return dir;
        }
        Path parent = fleetFile.toAbsolutePath().getParent();
        return parent.resolve("qfleet-runs");
    }
}
