package io.qfleet.coordinator.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --runs-dir DIR}: where run journals and reports live; default beside the fleet file. */
public final class RunsDirOption {

    @Option(names = "--runs-dir", paramLabel = "DIR",
            description = "Where runs are kept, one directory per run with its journal and report "
                    + "(default: qfleet-runs beside the fleet file).")
    private Path dir;

    /** The topmost directory {@link #created} made (the runs dir or a parent of it); null when the runs dir was there. */
    private Path made;

    /**
     * The runs directory for a new run, made if missing: a place no journal can be written is refused
     * in one line before any agent is asked anything.
     */
    Path created(Path fleetFile) {
        Path runs = resolve(fleetFile);
        made = MadeDirectory.firstMissing(runs);
        return dir != null ? MadeDirectory.make("--runs-dir " + runs, runs, "")
                : MadeDirectory.make(runs.toString(), runs, "; --runs-dir DIR keeps runs elsewhere");
    }

    /** Undoes {@link #created} for a run refused before its journal began: the directories it made go while empty. */
    void removeIfUnused(Path fleetFile) {
        if (made != null) {
            MadeDirectory.removeEmpty(resolve(fleetFile), made);
        }
    }

    public Path resolve(Path fleetFile) {
        if (dir != null) {
            return dir;
        }
        Path parent = fleetFile.toAbsolutePath().getParent();
        return parent.resolve("qfleet-runs");
    }
}
