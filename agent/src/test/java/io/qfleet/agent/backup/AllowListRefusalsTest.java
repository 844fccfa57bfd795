package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSnapshot;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationState;
import io.qfleet.agent.operation.OperationStore;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.Specs;
import io.qfleet.agent.testing.TreeDigest;
import io.qfleet.proto.agent.v1.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths the agent does not get from a request but from its own records, which a person with write
 * access to backup_dir or state_dir could edit: a manifest naming a data dir elsewhere, a stored
 * stage result naming a staged dir elsewhere. Each is refused before anything moves.
 */
class AllowListRefusalsTest {
    private static final Duration OPERATION = Duration.ofSeconds(60);
    @TempDir
    Path tmp;

    @Test
    void aManifestNamingADataDirOutsideTheAllowListIsRefusedBeforeAnythingMoves() throws Exception {
        AgentSettings settings = InProcessAgent.settings(tmp, QuestDbRoots.create(tmp.resolve("root")), QuestDbRoots.sourceJar(),
                tmp.resolve("backups"));
        Path root = settings.questdb().root();
        Path victim = Files.createDirectories(tmp.resolve("elsewhere/db"));
        Files.writeString(victim.resolve("precious.txt"), "not QuestDB's\n");
        Path archive = Files.createDirectories(settings.backupDir()).resolve("root-20260101-000000-b.tar");
        TarArchiver.Result result = ArchiveWriter.write(archive, List.of(new TarArchiver.Source(root, "")), p -> false,
                Compression.NONE, 0, 1, ContentDigest.SHA_256, ArchiveProgress.NONE);
        new BackupManifest(1, "t", "8.1.4", "OPEN_SOURCE", "checkpoint", "none", 0, ContentDigest.SHA_256, 0, result.sourceBytes(),
                List.of(new ArchivedRoot("db", ArchivedRoot.EXTERNAL_PREFIX + "db", victim.toString())), List.of(), result.entries())
                .write(BackupPaths.manifestOf(archive));
        SortedMap<String, String> before;
        try (InProcessAgent agent = InProcessAgent.start(settings)) {
            before = TreeDigest.of(tmp, p -> p.startsWith("state")); // once the agent made its own dirs
            Operation restore = agent.run("restore-1", InProcessAgent.restore(archive.toString(), 30), OPERATION);
            assertEquals("path_not_allowed", restore.getFailure().getReason(), restore.toString());
            assertTrue(restore.getFailure().getMessage().startsWith("directory the restore replaces " + victim
                    + " is outside the directories the agent writes; allowed: questdb.root " + root), restore.getFailure().getMessage());
        }
        assertEquals(before, TreeDigest.of(tmp, p -> p.startsWith("state")), "nothing moved aside, nothing unpacked");
        assertFalse(Files.exists(tmp.resolve("elsewhere/db.before-restore-restore-1")));
    }

    @Test
    void aStoredStageResultNamingADirOutsideTheAllowListIsNotSwappedIn() throws Exception {
        AgentSettings settings = InProcessAgent.settings(tmp, QuestDbRoots.create(tmp.resolve("root")), QuestDbRoots.sourceJar(),
                tmp.resolve("backups"));
        Path foreign = Files.createDirectories(tmp.resolve("elsewhere/binaries"));
        Files.copy(QuestDbRoots.targetJar(), foreign.resolve("questdb.jar"));
        new OperationStore(settings.stateDir().resolve("operations")).save(new OperationSnapshot("stage-1",
                new OperationSpec.Stage("0".repeat(64), "9.2.2"), OperationState.SUCCEEDED, Instant.now(), Instant.now(), null,
                new OperationResult.Staged(foreign.toString(), "no-jre", "9.2.2", Edition.OPEN_SOURCE, "io.questdb/io.questdb.ServerMain",
                        1, 1), List.of()));
        SortedMap<String, String> before;
        try (InProcessAgent agent = InProcessAgent.start(settings)) {
            before = TreeDigest.of(tmp, p -> p.startsWith("state")); // once the agent made its own dirs
            Operation swap = agent.run("swap-1", Specs.swap("stage-1"), OPERATION);
            assertEquals("path_not_allowed", swap.getFailure().getReason(), swap.toString());
            assertTrue(swap.getFailure().getMessage().startsWith("staged dir " + foreign + " is outside the directories the agent writes"),
                    swap.getFailure().getMessage());
        }
        assertEquals(before, TreeDigest.of(tmp, p -> p.startsWith("state")), "install dir and the foreign dir untouched");
    }
}
