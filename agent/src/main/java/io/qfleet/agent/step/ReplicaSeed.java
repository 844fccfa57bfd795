package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.backup.ArchiveProgress;
import io.qfleet.agent.backup.ArchivedRoot;
import io.qfleet.agent.backup.BackupManifest;
import io.qfleet.agent.backup.BackupVerifier;
import io.qfleet.agent.backup.RestoreCompatibility;
import io.qfleet.agent.backup.RestoreLayout;
import io.qfleet.agent.install.DirectoryTrees;
import io.qfleet.agent.install.DistributionInfo;
import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.install.ExtractOptions;
import io.qfleet.agent.install.SafeArchiveExtractor;
import io.qfleet.agent.install.UploadStore;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult.TableCount;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.serverconf.ServerConfEdit;
import io.qfleet.agent.serverconf.ServerConfWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A replica takes its primary's data: the primary's checkpoint archive (taken after replication was
 * on, QUESTDB.md section 6 "Replica bootstrap") replaces this node's {@code db/} and {@code .checkpoint/},
 * while its own {@code conf/} stays (never the primary's server.conf). Everything that can refuse runs
 * while QuestDB still serves: Enterprise binaries, the archive against its manifest, edition and
 * major version. Then the restore machinery: stop, dirs aside (never deleted), unpack, keys,
 * {@code _restore}, start, health, every table of the checkpoint present.
 */
final class ReplicaSeed {
    /** What a replica takes from its primary's root: the data and the checkpoint QuestDB recovers from. */
    static final Set<String> TAKEN = Set.of("db", ".checkpoint");

    private final QuestDbHost host;
    private final UploadStore uploads;

    ReplicaSeed(QuestDbHost host, UploadStore uploads) {
        this.host = host;
        this.uploads = uploads;
    }

    /** Returns where this node's previous db dir went. */
    String replace(OperationSpec.Replication spec, Map<String, String> keys, Edition edition, OperationContext context) {
        ServerConfEdit edit = ConfChange.setting(host, keys);
        ServerConfWriter.requireEditionAllows(edit, edition); // Open Source binaries: refused before anything moves
        if (ServerConf.read(host.confFile()).get("cairo.root").isPresent()) {
            throw AgentException.failedPrecondition("replica_db_elsewhere", "server.conf sets cairo.root: seeding a replica whose"
                    + " db lives outside " + host.root() + " is not supported; remove cairo.root or seed it by hand");
        }
        Path archive = uploads.completedFile(spec.archiveSha256());
        BackupManifest manifest = BackupManifest.read(uploads.completedFile(spec.manifestSha256()));
        if (manifest.roots().stream().anyMatch(ArchivedRoot::external)) {
            throw AgentException.failedPrecondition("replica_seed_external", "the primary's archive holds a db dir outside its root"
                    + " (cairo.root); seeding a replica from it is not supported");
        }
        DistributionInfo installed = DistributionLayout.describe(host.installDir());
        RestoreCompatibility.require(manifest, installed.version(), installed.edition());
        context.info("checking the primary's archive against its manifest before touching this node");
        new BackupVerifier(ArchiveProgress.of(context, "verifying", manifest.sourceBytes())).verify(archive, manifest);

        context.checkCancelled(); // the last safe point
        Duration timeout = Steps.timeout(spec.stopTimeoutSeconds(), 120);
        if (host.process().runningPid().isPresent()) {
            context.info("stopping QuestDB (SIGTERM) to replace its data with the primary's");
            host.process().stop(timeout);
        }
        Path root = host.root().toAbsolutePath().normalize();
        Path unpacked = root.resolveSibling(root.getFileName() + ".replica-seed-" + context.operationId());
        List<RestoreLayout.Moved> moved = new ArrayList<>();
        try {
            DirectoryTrees.deleteQuietly(unpacked); // a previous attempt of this operation
            SafeArchiveExtractor.extract(archive, unpacked, ExtractOptions.BACKUP.only(TAKEN),
                    (done, total) -> context.progress("unpacking", done, total, "bytes"));
            moved.addAll(RestoreLayout.moveAside(TAKEN.stream().sorted().map(root::resolve).toList(), context.operationId()));
            moved.forEach(m -> context.info("moved " + m.dir() + " aside to " + m.aside()));
            for (String name : TAKEN) {
                if (Files.exists(unpacked.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(unpacked.resolve(name), root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            for (String name : TAKEN) {
                if (Files.exists(root.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    RestoreLayout.matchOwner(root.resolve(name), root); // QuestDB runs as the root's owner
                }
            }
            ConfChange.write(host, ConfChange.setting(host, keys), edition, context);
        } catch (IOException | RuntimeException e) {
            // What came from the primary goes; this node's own dirs come back.
            moved.forEach(m -> DirectoryTrees.deleteQuietly(m.dir()));
            RestoreLayout.moveBack(moved);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        } finally {
            DirectoryTrees.deleteQuietly(unpacked);
        }
        return startOnSeed(root, manifest, moved, timeout, Steps.timeout(spec.healthTimeoutSeconds(), 120), context);
    }

    private String startOnSeed(Path root, BackupManifest manifest, List<RestoreLayout.Moved> moved, Duration timeout,
            Duration healthTimeout, OperationContext context) {
        try {
            List<Path> triggers = RestoreLayout.createRestoreTriggers(root, root.resolve("db"));
            DistributionInfo start = DistributionLayout.describe(host.installDir());
            long pid = host.process().start(start.jar(), start.javaExecutable(), start.main());
            context.info("started QuestDB " + start.version() + " as a replica on the primary's checkpoint (pid " + pid + ")");
            HealthWait.await(host, "", healthTimeout, context);
            for (Path trigger : triggers) {
                Files.deleteIfExists(trigger);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TableCount> now = TableCounter.count(host.sql(), timeout, context);
        List<String> missing = RestoreStep.differences(manifest.tables(), now);
        if (!missing.isEmpty()) {
            throw AgentException.failedPrecondition("replica_seed_mismatch", "the replica does not hold its primary's checkpoint: "
                    + String.join("; ", missing.stream().limit(5).toList()));
        }
        return moved.stream().filter(m -> m.dir().getFileName().toString().equals("db")).map(m -> m.aside().toString())
                .findFirst().orElse("");
    }
}
