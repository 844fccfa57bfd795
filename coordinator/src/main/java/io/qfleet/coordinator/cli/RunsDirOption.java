package io.qfleet.coordinator.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
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
    public Path created(Path fleetFile) {
        Path runs = resolve(fleetFile);
        try {
            Files.createDirectories(runs);
        } catch (IOException e) {
            throw new CommandFailedException(ExitCodes.USAGE, (dir != null ? "--runs-dir " : "") + runs + ": cannot make the runs "
                    + "directory (" + why(e) + ")" + (dir != null ? "" : "; --runs-dir DIR keeps runs elsewhere"));
        }
        return runs;
    }

    /** The reason in words: the JDK's exceptions name only the path for the commonest ones. */
    private static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException failed && failed.getReason() != null) {
            return failed.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    public Path resolve(Path fleetFile) {
        if (dir != null) {
            return dir;
        }
        Path parent = fleetFile.toAbsolutePath().getParent();
        return parent.resolve("qfleet-runs");
    }
}
