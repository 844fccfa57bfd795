package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.backup.ArchiveProgress;
import io.qfleet.agent.backup.BackupManifest;
import io.qfleet.agent.backup.BackupPaths;
import io.qfleet.agent.backup.BackupVerifier;
import io.qfleet.agent.backup.ManifestTable;
import io.qfleet.agent.backup.RestoreCompatibility;
import io.qfleet.agent.backup.RestoreLayout;
import io.qfleet.agent.install.DistributionInfo;
import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.install.ExtractOptions;
import io.qfleet.agent.install.SafeArchiveExtractor;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationResult.TableCount;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.questdb.Edition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Puts a backup back. Everything that can refuse runs while QuestDB still serves: the archive is in
 * backup_dir, its manifest is readable, its major version and edition match the installed binaries,
 * and every entry matches the manifest (a full read, so a damaged archive never replaces a working
 * root). Then: stop, current root aside, unpack, {@code _restore}, start, health, tables and rows.
 */
final class RestoreStep implements OperationWork {
    private static final int MAX_LISTED = 5;

    private final QuestDbHost host;
    private final OperationSpec.Restore spec;

    RestoreStep(QuestDbHost host, OperationSpec.Restore spec) {
        this.host = host;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) throws IOException {
        Duration timeout = Steps.timeout(spec.timeoutSeconds(), 120);
        Path root = host.root().toAbsolutePath().normalize();
        Path archive = host.backups().requireArchive(spec.archivePath());
        if (host.backups().dir().startsWith(root)) {
            throw AgentException.failedPrecondition("backup_dir_inside_root", "backup_dir " + host.backups().dir()
                    + " lies inside the QuestDB root " + root + ", which a restore moves aside; set backup_dir elsewhere");
        }
        BackupManifest manifest = BackupManifest.read(BackupPaths.manifestOf(archive));
        DistributionInfo installed = DistributionLayout.describe(host.installDir());
        RestoreCompatibility.require(manifest, installed.version(), installed.edition());
        context.info("checking " + archive.getFileName() + " against its manifest before touching the root");
        new BackupVerifier(ArchiveProgress.of(context, "verifying", manifest.sourceBytes())).verify(archive, manifest);

        List<Path> replaced = RestoreLayout.replaced(root, manifest);
        for (Path dir : replaced) { // the manifest names external data dirs: only those the agent may write are replaced
            host.allowList().require(dir, "directory the restore replaces");
            host.allowList().require(RestoreLayout.asideOf(dir, context.operationId()), "place the restore moves it aside to");
        }
        Path dbDir = dbDir(root, manifest);
        host.allowList().require(dbDir.resolveSibling(RestoreLayout.RESTORE_TRIGGER), "restore trigger beside the db dir");

        context.checkCancelled(); // the last safe point: from here the root is replaced
        boolean wasRunning = host.process().stop(timeout).wasRunning();
        if (wasRunning) {
            context.info("stopped QuestDB to replace its root");
        }
        List<RestoreLayout.Moved> moved = RestoreLayout.moveAside(replaced, context.operationId());
        Path previous = RestoreLayout.asideOf(root, context.operationId());
        moved.forEach(m -> context.info("moved " + m.dir() + " aside to " + m.aside()));
        try {
            SafeArchiveExtractor.extract(archive, root, ExtractOptions.BACKUP,
                    (done, total) -> context.progress("unpacking", done, total, "bytes"));
            RestoreLayout.placeExternal(root, manifest);
        } catch (IOException | RuntimeException e) {
            RestoreLayout.moveBack(moved); // the extractor already removed what it unpacked
            if (wasRunning) {
                startAgain(context, e); // e.g. a full disk: the host serves its data as before
            }
            throw e;
        }
        if (Files.isDirectory(previous)) {
            RestoreLayout.matchOwner(root, previous);
        }
        List<Path> triggers = RestoreLayout.createRestoreTriggers(root, dbDir);
        context.info("unpacked into " + root + "; " + RestoreLayout.RESTORE_TRIGGER + " created so QuestDB rolls every"
                + " table back to the " + manifest.mode());

        DistributionInfo start = DistributionLayout.describe(host.installDir());
        long pid = host.process().start(start.jar(), start.javaExecutable(), start.main());
        context.info("started QuestDB " + start.version() + " on the restored root (pid " + pid + ")");
        OperationResult.Healthy healthy = HealthWait.await(host, "", timeout, context);
        try {
            RestoreCompatibility.require(manifest, healthy.questdbVersion(), Edition.UNKNOWN); // when the layout did not say
        } catch (AgentException e) { // the root is replaced by now: not a refusal (the reasons above mean nothing changed)
            throw AgentException.failedPrecondition("restore_mismatch", e.getMessage() + " (the replaced root is in " + previous + ")");
        }
        for (Path trigger : triggers) {
            Files.deleteIfExists(trigger); // QuestDB removed the one it read; the other was never read
        }
        List<TableCount> now = TableCounter.count(host.sql(), timeout, context);
        List<String> differences = differences(manifest.tables(), now);
        if (!differences.isEmpty()) {
            String listed = differences.stream().limit(MAX_LISTED).collect(Collectors.joining("; "));
            String more = differences.size() > MAX_LISTED ? " and " + (differences.size() - MAX_LISTED) + " more" : "";
            throw AgentException.failedPrecondition("restore_mismatch", "restored data differs from the backup's manifest: "
                    + listed + more + " (the replaced root is in " + previous + ")");
        }
        long total = TableCounter.total(now);
        context.info("restored " + manifest.tables().size() + " tables, " + total + " rows; the replaced root is in " + previous);
        return new OperationResult.Restored(previous.toString(), total, healthy.questdbVersion());
    }

    /** QuestDB back on the root the restore put back; a failure to start is added to {@code failure}. */
    private void startAgain(OperationContext context, Exception failure) {
        try {
            DistributionInfo installed = DistributionLayout.describe(host.installDir());
            long pid = host.process().start(installed.jar(), installed.javaExecutable(), installed.main());
            context.info("restore failed; the previous root is back and QuestDB started on it again (pid " + pid + ")");
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static Path dbDir(Path root, BackupManifest manifest) {
        return manifest.roots().stream().filter(r -> r.name().equals("db")).map(r -> Path.of(r.path())).findFirst()
                .orElse(root.resolve("db"));
    }

    /** Exact counts as {@link VerifyStep#differences}; counts the checkpoint did not record exactly, within their bounds. */
    static List<String> differences(List<ManifestTable> tables, List<TableCount> now) {
        List<TableCount> exact = tables.stream().filter(ManifestTable::rowsExact).map(ManifestTable::count).toList();
        List<String> differences = new ArrayList<>(VerifyStep.differences(exact, now));
        Map<String, TableCount> current = now.stream().collect(Collectors.toMap(TableCount::name, Function.identity(), (a, b) -> a));
        for (ManifestTable table : tables) {
            if (table.rowsExact()) {
                continue;
            }
            TableCount after = current.get(table.name());
            if (after == null) {
                differences.add("table " + table.name() + " is missing");
            } else if (!table.accepts(after.rows())) {
                differences.add("table " + table.name() + " has " + after.rows() + " rows, expected " + table.rowsBefore()
                        + "-" + table.rowsAfter());
            }
        }
        return differences;
    }
}
