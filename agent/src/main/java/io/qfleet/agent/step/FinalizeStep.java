package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.backup.BackupPaths;
import io.qfleet.agent.backup.RestoreLayout;
import io.qfleet.agent.install.DirectoryTrees;
import io.qfleet.agent.install.UploadStore;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes what a run kept for its way back once the operator is done with it. Every path comes from
 * this agent's record of the operation that made it and must be exactly where that operation puts it
 * (recomputed here from the settings and the operation id), so a damaged record, or one naming
 * something else, removes nothing: all paths are checked before the first is removed.
 */
final class FinalizeStep implements OperationWork {
    private static final List<String> UNKNOWN = List.of("operation_not_found", "operation_not_succeeded");

    private final QuestDbHost host;
    private final UploadStore uploads;
    private final OperationSpec.Finalize spec;

    FinalizeStep(QuestDbHost host, UploadStore uploads, OperationSpec.Finalize spec) {
        this.host = host;
        this.uploads = uploads;
        this.spec = spec;
    }

    static void validate(OperationSpec.Finalize spec, UploadStore uploads) {
        if (!spec.uploadSha256().isEmpty()) {
            uploads.filesOf(spec.uploadSha256()); // a malformed SHA-256 is refused before the spec is stored
        }
    }

    @Override
    public OperationResult run(OperationContext context) throws IOException {
        Path install = host.installDir().toAbsolutePath().normalize();
        Path root = host.root().toAbsolutePath().normalize();
        List<Path> doomed = new ArrayList<>();
        recorded(context, spec.swapOperationId(), OperationResult.Swapped.class).ifPresent(swapped -> doomed.add(
                exactly(swapped.previousInstallDir(), sibling(install, ".previous-" + spec.swapOperationId()), "previous install dir")));
        recorded(context, spec.revertOperationId(), OperationResult.Reverted.class).ifPresent(reverted -> doomed.add(
                exactly(reverted.revertedDir(), sibling(install, ".reverted-" + spec.revertOperationId()), "reverted install dir")));
        recorded(context, spec.restoreOperationId(), OperationResult.Restored.class).ifPresent(restored -> doomed.add(
                exactly(restored.previousRoot(), RestoreLayout.asideOf(root, spec.restoreOperationId()), "replaced root")));
        recorded(context, spec.backupOperationId(), OperationResult.BackedUp.class).ifPresent(backup -> {
            Path archive = archiveOf(backup);
            doomed.add(archive);
            doomed.add(exactly(backup.manifestPath(), BackupPaths.manifestOf(archive), "backup manifest"));
        });
        if (!spec.uploadSha256().isEmpty()) {
            doomed.addAll(uploads.filesOf(spec.uploadSha256()));
        }

        List<OperationResult.Removed> removed = new ArrayList<>();
        long freed = 0;
        for (Path path : doomed) {
            context.checkCancelled();
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                continue; // an earlier finalize took it
            }
            long bytes = DirectoryTrees.delete(path);
            removed.add(new OperationResult.Removed(path.toString(), bytes));
            freed += bytes;
            context.info("removed " + path + " (" + bytes + " bytes)");
        }
        return new OperationResult.Finalized(removed, freed);
    }

    /** The result of {@code operationId} when this agent has it succeeded; empty for "" or an operation it does not have. */
    private static <T extends OperationResult> Optional<T> recorded(OperationContext context, String operationId, Class<T> type) {
        if (operationId.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(context.resultOf(operationId, type));
        } catch (AgentException e) {
            if (UNKNOWN.contains(e.reason())) {
                context.info("nothing to remove for " + operationId + ": " + e.getMessage());
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A backup's archive: a file directly in backup_dir whose name carries the operation id. */
    private Path archiveOf(OperationResult.BackedUp backup) {
        Path archive = Path.of(backup.archivePath()).toAbsolutePath().normalize();
        String name = archive.getFileName().toString();
        if (!host.backups().dir().equals(archive.getParent()) || !name.contains("-" + spec.backupOperationId() + ".tar")) {
            throw notAllowed("backup archive", backup.archivePath(), host.backups().dir() + "/<root>-<stamp>-"
                    + spec.backupOperationId() + ".tar*");
        }
        return archive;
    }

    private static Path sibling(Path dir, String suffix) {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }

    private static Path exactly(String recorded, Path expected, String what) {
        Path path = Path.of(recorded).toAbsolutePath().normalize();
        if (!path.equals(expected)) {
            throw notAllowed(what, recorded, expected.toString());
        }
        return path;
    }

    private static AgentException notAllowed(String what, String recorded, String expected) {
        return AgentException.failedPrecondition("path_not_allowed", "the " + what + " on record, " + recorded
                + ", is not where the operation puts it (" + expected + "); nothing was removed");
    }
}
