package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.FleetFileLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -f/--fleet FILE}, for every command that works on a fleet. */
public final class FleetFileOption {

    @Option(names = {"-f", "--fleet"}, paramLabel = "FILE", required = true,
            description = "The fleet file (fleet.yaml): target distribution, hosts and their agents.")
    private Path file;

    /** The path as the operator gave it, for messages. */
    public Path file() {
        return file;
    }

    /** Loads and checks the fleet file; problems throw a one-line FleetFileException (exit 2). */
    public FleetFile load() {
        return FleetFileLoader.load(file);
    }
}
