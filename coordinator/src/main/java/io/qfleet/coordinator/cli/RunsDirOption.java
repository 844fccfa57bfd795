package io.qfleet.coordinator.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --runs-dir DIR}: where run journals and reports live; default beside the fleet file. */
public final class RunsDirOption {

    @Option(names = "--runs-dir", paramLabel = "DIR",
            description = "Where runs are kept, one directory per run with its journal and report "
                    + "(default: qfleet-runs beside the fleet file).")
    private Path dir;

    public Path resolve(Path fleetFile) {
        if (dir != null) {
            return dir;
        }
        Path parent = fleetFile.toAbsolutePath().getParent();
        return parent.resolve("qfleet-runs");
    }
}
