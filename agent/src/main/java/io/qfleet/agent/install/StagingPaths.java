package io.qfleet.agent.install;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where new binaries are staged: a sibling of the install dir, so the swap is a rename on one
 * filesystem, named after the operation so a retried stage finds its own directory.
 */
public final class StagingPaths {
    /** Operation ids as the contract allows them; they end up in directory names. */
    static final Pattern OPERATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** {@code <install dir name>.staged-<operation id>}. */
    public static final String STAGED = ".staged-";

    private StagingPaths() {
    }

    /** {@code /opt/questdb} and {@code op-7} give {@code /opt/questdb.staged-op-7}. */
    public static Path stagedDirFor(Path installDir, String operationId) {
        requireNonNull(installDir, "installDir");
        requireNonNull(operationId, "operationId");
        if (!OPERATION_ID.matcher(operationId).matches()) {
            throw AgentException.invalidArgument("bad_operation_id",
                    "operation id: " + Quote.of(operationId) + " (expected: 1-100 of A-Z a-z 0-9 . _ -)");
        }
        return sibling(installDir, STAGED + operationId);
    }

    static Path sibling(Path installDir, String suffix) {
        Path absolute = installDir.toAbsolutePath().normalize();
        if (absolute.getFileName() == null) {
            throw AgentException.invalidArgument("bad_install_dir", "install dir " + installDir + " has no name");
        }
        return absolute.resolveSibling(absolute.getFileName() + suffix);
    }
}
