package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.backup.ArchivedRoot;
import io.qfleet.agent.backup.BackupMode;
import io.qfleet.agent.backup.BackupSources;
import io.qfleet.agent.backup.CheckpointBackup;
import io.qfleet.agent.backup.Compression;
import io.qfleet.agent.backup.SpaceCheck;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationResult.TableCount;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.questdb.BuildInfo;
import io.qfleet.agent.questdb.CheckpointStatus;
import io.qfleet.agent.questdb.QuestDbSql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Backs up the whole root while QuestDB serves. Everything that can refuse runs before QuestDB is
 * put into checkpoint mode: is it running, is a checkpoint already open, does the archive fit.
 * Then the tables are counted (after WAL apply caught up) and {@link CheckpointBackup} does the
 * rest: CREATE, archive, RELEASE on every path, manifest, rename.
 */
final class BackupStep implements OperationWork {
    private static final Duration WAL_APPLY_TIMEOUT = Duration.ofSeconds(300);

    private final QuestDbHost host;
    private final OperationSpec.Backup spec;

    BackupStep(QuestDbHost host, OperationSpec.Backup spec) {
        this.host = host;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) throws IOException {
        Compression compression = Compression.parse(spec.compression());
        int level = compression.level(spec.level());
        int workers = Compression.workers(spec.workers());
        Path root = host.root().toAbsolutePath().normalize();
        Path backupDir = host.backups().dir();
        if (backupDir.startsWith(root)) {
            throw AgentException.failedPrecondition("backup_dir_inside_root", "backup_dir " + backupDir
                    + " lies inside the QuestDB root " + root + ": a backup there is lost with the root's disk and would be"
                    + " moved away by a restore; set backup_dir elsewhere");
        }
        if (host.process().runningPid().isEmpty()) {
            throw AgentException.failedPrecondition("questdb_not_running", "QuestDB is not running on " + root
                    + ": a backup needs it to hold a checkpoint (start it first)");
        }
        QuestDbSql sql = host.sql();
        BuildInfo build = sql.build();
        BackupMode mode = BackupMode.forBuild(build);
        if (mode == BackupMode.CHECKPOINT) {
            CheckpointStatus status = sql.checkpointStatus();
            if (status.inProgress()) {
                throw AgentException.failedPrecondition("checkpoint_open", "a checkpoint is already open on QuestDB (since "
                        + status.startedAt() + ") and this agent did not open it; whoever did must run CHECKPOINT RELEASE first");
            }
        }
        Map<String, String> roots = sql.roots(root);
        List<ArchivedRoot> sources = BackupSources.resolve(root, roots);
        Path dbDir = Path.of(roots.getOrDefault("db", root.resolve("db").toString()));
        Predicate<Path> excluded = excluded(host.agentDirs());
        Files.createDirectories(backupDir);
        long sourceBytes = SpaceCheck.requireRoomFor(sources, excluded, compression, backupDir);
        context.info(String.format(Locale.ROOT, "QuestDB %s, %s mode: %.1f MiB to archive from %s", build.version(),
                mode.manifestName(), sourceBytes / 1048576.0, describe(sources)));
        List<TableCount> before = TableCounter.count(sql, WAL_APPLY_TIMEOUT, context);
        Map<String, String> tableDirs = sql.tableDirectories();
        CheckpointBackup.Plan plan = new CheckpointBackup.Plan(root, sources, dbDir, excluded, sourceBytes, compression,
                level, workers, mode, build, before, tableDirs);
        return new CheckpointBackup(sql, host.backups()).run(plan, context);
    }

    private static Predicate<Path> excluded(List<Path> agentDirs) {
        List<Path> dirs = agentDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        return path -> dirs.contains(path);
    }

    private static String describe(List<ArchivedRoot> sources) {
        return sources.stream().map(s -> s.external() ? s.path() + " (as " + s.archiveName() + ")" : s.path())
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
