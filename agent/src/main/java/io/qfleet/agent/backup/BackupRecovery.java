package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationSnapshot;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.questdb.CheckpointStatement;
import io.qfleet.agent.questdb.QuestDbSql;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Cleans up after a backup the agent was killed in the middle of, when the agent starts again
 * (the registry hands over every operation it marks {@code agent_restarted}): deletes that
 * backup's partial archive (and a manifest whose archive never got its final name), and, when
 * QuestDB runs, issues CHECKPOINT RELEASE, which is idempotent and so harmless when the
 * checkpoint already ended. Never throws: a start must not fail over cleanup; it logs instead.
 */
public final class BackupRecovery implements Consumer<OperationSnapshot> {
    private static final Logger LOG = System.getLogger(BackupRecovery.class.getName());

    private final BackupPaths paths;
    private final BooleanSupplier questdbRunning;
    private final Supplier<QuestDbSql> sql;

    public BackupRecovery(BackupPaths paths, BooleanSupplier questdbRunning, Supplier<QuestDbSql> sql) {
        this.paths = requireNonNull(paths, "paths");
        this.questdbRunning = requireNonNull(questdbRunning, "questdbRunning");
        this.sql = requireNonNull(sql, "sql");
    }

    @Override
    public void accept(OperationSnapshot interrupted) {
        if (interrupted.spec() instanceof OperationSpec.Restore) {
            LOG.log(Level.WARNING, "restore {0} was interrupted: check the QuestDB root; the root it replaced, if it got"
                    + " that far, is in <root>.before-restore-{0}", interrupted.id());
            return;
        }
        if (!(interrupted.spec() instanceof OperationSpec.Backup)) {
            return;
        }
        String id = interrupted.id();
        deleteLeftovers(id);
        releaseCheckpoint(id);
    }

    private void deleteLeftovers(String id) {
        List<Path> leftovers;
        try {
            leftovers = paths.leftoversOf(id);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "backup {0} was interrupted; cannot list {1}: {2}", id, paths.dir(), e.toString());
            return;
        }
        for (Path file : leftovers) {
            boolean deleted = ArchiveWriter.deleteQuietly(file);
            LOG.log(deleted ? Level.INFO : Level.WARNING, "backup {0} was interrupted: {1} {2}", id,
                    deleted ? "deleted" : "could not delete", file);
        }
        if (leftovers.isEmpty()) {
            LOG.log(Level.INFO, "backup {0} was interrupted: no partial archive in {1}", id, paths.dir());
        }
    }

    private void releaseCheckpoint(String id) {
        if (!questdbRunning.getAsBoolean()) {
            LOG.log(Level.INFO, "backup {0} was interrupted: QuestDB is not running, so no checkpoint is open"
                    + " (a restart ends checkpoint mode)", id);
            return;
        }
        try {
            // RELEASE ends a checkpoint and a legacy snapshot alike on 8.1+; 7.x only knows COMPLETE.
            sql.get().checkpoint(CheckpointStatement.CHECKPOINT_RELEASE);
            LOG.log(Level.INFO, "backup {0} was interrupted: CHECKPOINT RELEASE done", id);
        } catch (AgentException e) {
            try {
                sql.get().checkpoint(CheckpointStatement.SNAPSHOT_COMPLETE);
                LOG.log(Level.INFO, "backup {0} was interrupted: SNAPSHOT COMPLETE done", id);
            } catch (AgentException again) {
                LOG.log(Level.WARNING, "backup {0} was interrupted and QuestDB runs, but neither CHECKPOINT RELEASE ({1})"
                        + " nor SNAPSHOT COMPLETE ({2}) succeeded: release it by hand", id, e.getMessage(), again.getMessage());
            }
        }
    }
}
