package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationResult.TableCount;
import io.qfleet.agent.questdb.BuildInfo;
import io.qfleet.agent.questdb.CheckpointStatus;
import io.qfleet.agent.questdb.QuestDbSql;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * The part of a backup that runs with QuestDB in checkpoint mode: CREATE, read the exact row counts
 * the checkpoint pinned, stream the archive to {@code *.partial}, RELEASE on every path (success,
 * failure, cancel), then the manifest and the rename into place. Everything before CREATE (is
 * QuestDB running, is a checkpoint already open, does it fit) is the caller's.
 */
public final class CheckpointBackup {
    private static final Logger LOG = System.getLogger(CheckpointBackup.class.getName());
    static final String DIGEST = ContentDigest.CRC32C_NAME;

    /**
     * What to back up and how.
     *
     * @param root        the QuestDB root
     * @param sources     from {@link BackupSources#resolve}; the first is the root
     * @param dbDir       the db directory from the effective configuration
     * @param excluded    paths never archived (the agent's own directories)
     * @param sourceBytes the size the space check measured: the progress total
     * @param countsBefore tables and row counts taken just before CREATE, after WAL apply caught up
     * @param tableDirs   table name to directory, from {@code tables()}
     */
    public record Plan(Path root, List<ArchivedRoot> sources, Path dbDir, Predicate<Path> excluded, long sourceBytes,
            Compression compression, int level, int workers, BackupMode mode, BuildInfo build,
            List<TableCount> countsBefore, Map<String, String> tableDirs) {
        public Plan {
            requireNonNull(root, "root");
            sources = List.copyOf(sources);
            requireNonNull(dbDir, "dbDir");
            requireNonNull(excluded, "excluded");
            requireNonNull(compression, "compression");
            requireNonNull(mode, "mode");
            requireNonNull(build, "build");
            countsBefore = List.copyOf(countsBefore);
            tableDirs = Map.copyOf(tableDirs);
        }
    }

    private final QuestDbSql sql;
    private final BackupPaths paths;

    public CheckpointBackup(QuestDbSql sql, BackupPaths paths) {
        this.sql = requireNonNull(sql, "sql");
        this.paths = requireNonNull(paths, "paths");
    }

    public OperationResult.BackedUp run(Plan plan, OperationContext context) throws IOException {
        Path archive = paths.archiveFor(plan.root(), Instant.now(), context.operationId(), plan.compression());
        Path partial = BackupPaths.partialOf(archive);
        Path manifestFile = BackupPaths.manifestOf(archive);
        context.info(plan.mode().open().sql() + " (QuestDB " + plan.build().version() + ")");
        sql.checkpoint(plan.mode().open());
        // Ours, by its start: a restart ends it silently, and someone may open another after the restart.
        String openedAt = plan.mode() == BackupMode.CHECKPOINT ? sql.checkpointStatus().startedAt() : "";
        Instant createdAt = Instant.now();
        long heldFrom = System.nanoTime();
        TarArchiver.Result archived;
        List<ManifestTable> tables;
        long heldMillis;
        boolean released = false;
        boolean lost = false;
        long readBackMillis;
        try {
            tables = pinnedTables(plan);
            context.info("writing " + partial + " (" + plan.compression().wireName() + " level " + plan.level()
                    + ", " + plan.workers() + " workers)");
            archived = ArchiveWriter.write(partial, sources(plan), plan.excluded(), plan.compression(), plan.level(),
                    plan.workers(), DIGEST, ArchiveProgress.of(context, "archiving", plan.sourceBytes()));
            lost = !stillOurs(plan.mode(), openedAt);
            if (lost) {
                throw AgentException.failedPrecondition("checkpoint_lost", "QuestDB left checkpoint mode while the root was"
                        + " being archived (was it restarted?); the copy may be inconsistent and was deleted");
            }
        } catch (IOException | RuntimeException e) {
            ArchiveWriter.deleteQuietly(partial); // failed, cancelled, or QuestDB gone: nothing half-done stays
            throw e;
        } finally {
            // Not after a lost one: a checkpoint open now is someone else's, and RELEASE would end it.
            released = lost || release(plan.mode(), context);
            heldMillis = (System.nanoTime() - heldFrom) / 1_000_000;
        }
        try {
            if (!released) {
                throw AgentException.unavailable("checkpoint_release_failed", plan.mode().release().sql()
                        + " failed after the archive was written; QuestDB may still be in checkpoint mode: run it by hand", null);
            }
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, createdAt.toString(), plan.build().version(),
                    plan.build().edition().name(), plan.mode().manifestName(), plan.compression().wireName(), plan.level(),
                    DIGEST, heldMillis, archived.sourceBytes(), plan.sources(), tables, archived.entries());
            manifest.write(manifestFile);
            // DESIGN step 3: read back against the manifest before it counts as a backup, the checkpoint already
            // released. An archive a restore could not read fails the backup here, before anything is stopped.
            long readFrom = System.nanoTime();
            new BackupVerifier(ArchiveProgress.of(context, "reading back", archived.sourceBytes())).verify(partial, manifest);
            readBackMillis = (System.nanoTime() - readFrom) / 1_000_000;
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            io.qfleet.agent.files.AtomicFiles.forceDirectory(archive.getParent());
        } catch (IOException | RuntimeException e) {
            ArchiveWriter.deleteQuietly(partial);
            ArchiveWriter.deleteQuietly(manifestFile);
            if (e instanceof IOException io) {
                throw ArchiveWriter.diskFull(io, partial).orElseThrow(() -> io);
            }
            throw e;
        }
        long archiveBytes = Files.size(archive);
        report(context, archived, archiveBytes, heldMillis);
        context.info(String.format(Locale.ROOT, "read back against the manifest in %.1f s: every file's size and digest match",
                readBackMillis / 1000.0));
        return new OperationResult.BackedUp(archive.toString(), manifestFile.toString(), archiveBytes, archived.sourceBytes(),
                archived.files(), heldMillis, plan.build().version(), plan.mode().manifestName(), readBackMillis);
    }

    private static List<TarArchiver.Source> sources(Plan plan) {
        List<TarArchiver.Source> sources = new ArrayList<>();
        for (ArchivedRoot root : plan.sources()) {
            Path dir = Path.of(root.path());
            if (!root.external() || Files.isDirectory(dir)) {
                sources.add(new TarArchiver.Source(dir, root.archiveName()));
            }
        }
        return sources;
    }

    /** Row counts the checkpoint holds: exact from its {@code _txn} copies, else bounded by SQL counts. */
    private List<ManifestTable> pinnedTables(Plan plan) {
        Path checkpointDb = BackupSources.checkpointDbDir(plan.dbDir(), plan.mode());
        List<ManifestTable> tables = new ArrayList<>();
        for (TableCount before : plan.countsBefore()) {
            String dir = plan.tableDirs().getOrDefault(before.name(), "");
            OptionalLong pinned = dir.isEmpty() ? OptionalLong.empty() : CheckpointTxn.rowCount(checkpointDb.resolve(dir).resolve("_txn"));
            long after = sql.rowCount(before.name());
            if (pinned.isPresent()) {
                tables.add(new ManifestTable(before.name(), before.wal(), dir, pinned.getAsLong(), true, before.rows(), after));
            } else {
                LOG.log(Level.WARNING, "no readable _txn for table {0} in {1}: its restore is checked against {2}-{3} rows",
                        before.name(), checkpointDb, before.rows(), after);
                tables.add(new ManifestTable(before.name(), before.wal(), dir, before.rows(), false, before.rows(), after));
            }
        }
        return tables;
    }

    /**
     * Whether the checkpoint this backup opened is still open: a QuestDB restart ends checkpoint mode silently and
     * resumes purges, so the copy would not be consistent; one open since then (another start time) is not ours.
     */
    private boolean stillOurs(BackupMode mode, String openedAt) {
        if (mode != BackupMode.CHECKPOINT) {
            return true; // 7.x has no checkpoint_status(): a restart under a SNAPSHOT goes unnoticed
        }
        CheckpointStatus now = sql.checkpointStatus();
        return now.inProgress() && now.startedAt().equals(openedAt);
    }

    private boolean release(BackupMode mode, OperationContext context) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                sql.checkpoint(mode.release());
                context.info(mode.release().sql() + " done");
                return true;
            } catch (AgentException e) {
                LOG.log(Level.WARNING, "{0} failed (attempt {1}): {2}", mode.release().sql(), attempt, e.getMessage());
            }
        }
        return false;
    }

    private static void report(OperationContext context, TarArchiver.Result archived, long archiveBytes, long heldMillis) {
        String ratio = archived.sourceBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", archiveBytes / (double) archived.sourceBytes());
        context.info(String.format(Locale.ROOT, "archived %d files, %.1f MiB into %.1f MiB (ratio %s); checkpoint held %d ms",
                archived.files(), archived.sourceBytes() / 1048576.0, archiveBytes / 1048576.0, ratio, heldMillis));
        if (archived.vanished() + archived.shrunk() + archived.skipped() > 0) {
            context.info(archived.vanished() + " files vanished before they could be read, " + archived.shrunk()
                    + " shrank while read (zero-padded), " + archived.skipped() + " special files skipped");
        }
    }
}
