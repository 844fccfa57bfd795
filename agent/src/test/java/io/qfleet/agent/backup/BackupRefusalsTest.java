package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qfleet.agent.operation.OperationSnapshot;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationState;
import io.qfleet.agent.operation.OperationStore;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsException;
import io.qfleet.agent.settings.SettingsLoader;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.proto.agent.v1.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent refuses before any QuestDB is involved, through its gRPC API, and the cleanup at start. */
class BackupRefusalsTest {
    private static final Duration OPERATION = Duration.ofSeconds(30);
    @TempDir
    Path tmp;

    private AgentSettings settings() throws Exception {
        return InProcessAgent.settings(tmp, QuestDbRoots.create(tmp.resolve("root")), null, tmp.resolve("backups"));
    }

    @Test
    void backupNeedsQuestDbRunning() throws Exception {
        try (InProcessAgent agent = InProcessAgent.start(settings())) {
            Operation op = agent.run("b1", InProcessAgent.backup("", 0, 0), OPERATION);
            assertEquals("questdb_not_running", op.getFailure().getReason(), op.toString());
        }
    }

    /**
     * A backup_dir inside the root (which the settings file refuses, and these settings, built in code, let
     * through) is refused by the backup before QuestDB is asked anything, and by a restore before the root is
     * touched: the archive would be lost with the root's disk, and the restore would move it aside.
     */
    @Test
    void aBackupDirInsideTheRootIsRefusedByBackupAndRestore() throws Exception {
        Path root = QuestDbRoots.create(tmp.resolve("root"));
        Path inside = Files.createDirectories(root.resolve("backups"));
        Path archive = Files.writeString(inside.resolve("root-20260101-000000-x.tar.zst"), "x");
        try (InProcessAgent agent = InProcessAgent.start(InProcessAgent.settings(tmp, root, null, inside))) {
            Operation backup = agent.run("b1", InProcessAgent.backup("", 0, 0), OPERATION);
            assertEquals("backup_dir_inside_root", backup.getFailure().getReason(), backup.toString());
            Operation restore = agent.run("r1", InProcessAgent.restore(archive.toString(), 0), OPERATION);
            assertEquals("backup_dir_inside_root", restore.getFailure().getReason(), restore.toString());
        }
        assertTrue(Files.isRegularFile(archive), "nothing moved");
        assertTrue(Files.isDirectory(root.resolve("conf")), "the root stayed where it was");
    }

    @Test
    void archivesOutsideBackupDirAreRefusedAtStart() throws Exception {
        Path outside = Files.writeString(tmp.resolve("elsewhere.tar.zst"), "x");
        Files.createDirectories(tmp.resolve("backups"));
        Path escape = Files.createSymbolicLink(tmp.resolve("backups/escape.tar.zst"), outside);
        try (InProcessAgent agent = InProcessAgent.start(settings())) {
            for (String path : List.of(outside.toString(), tmp.resolve("backups/../elsewhere.tar.zst").toString(),
                    escape.toString(), "relative.tar.zst", tmp.resolve("backups").toString())) {
                assertRefused(agent, "v-" + path.hashCode(), InProcessAgent.verify(path), Status.Code.INVALID_ARGUMENT, "path_not_allowed");
                assertRefused(agent, "r-" + path.hashCode(), InProcessAgent.restore(path, 0), Status.Code.INVALID_ARGUMENT, "path_not_allowed");
            }
            assertRefused(agent, "missing", InProcessAgent.verify(tmp.resolve("backups/none.tar.zst").toString()),
                    Status.Code.NOT_FOUND, "archive_not_found");
            assertRefused(agent, "bad-c", InProcessAgent.backup("lz4", 0, 0), Status.Code.INVALID_ARGUMENT, "bad_compression");
            assertRefused(agent, "bad-l", InProcessAgent.backup("gzip", 12, 0), Status.Code.INVALID_ARGUMENT, "bad_level");
            assertRefused(agent, "bad-n", InProcessAgent.backup("none", 3, 0), Status.Code.INVALID_ARGUMENT, "bad_level");
        }
    }

    @Test
    void aTamperedCopyFailsVerifyThroughTheApi() throws Exception {
        AgentSettings settings = settings();
        Path backups = Files.createDirectories(settings.backupDir());
        Path archive = backups.resolve("root-20260101-000000-b.tar");
        TarArchiver.Result result = ArchiveWriter.write(archive, List.of(new TarArchiver.Source(settings.questdb().root(), "")),
                p -> false, Compression.NONE, 0, 1, ContentDigest.SHA_256, ArchiveProgress.NONE);
        new BackupManifest(1, "t", "9.2.2", "OPEN_SOURCE", "checkpoint", "none", 0, ContentDigest.SHA_256, 0, result.sourceBytes(),
                List.of(), List.of(), result.entries()).write(BackupPaths.manifestOf(archive));
        Path copy = backups.resolve("copy.tar");
        Files.copy(archive, copy);
        TarArchiverTest.flipByteOfContent(copy, "conf/server.conf");
        Files.copy(BackupPaths.manifestOf(archive), BackupPaths.manifestOf(copy));
        try (InProcessAgent agent = InProcessAgent.start(settings)) {
            assertEquals(io.qfleet.proto.agent.v1.OperationState.OPERATION_STATE_SUCCEEDED,
                    agent.run("good", InProcessAgent.verify(archive.toString()), OPERATION).getState());
            Operation bad = agent.run("bad", InProcessAgent.verify(copy.toString()), OPERATION);
            assertEquals("backup_corrupt", bad.getFailure().getReason());
            assertTrue(bad.getFailure().getMessage().contains("conf/server.conf"), bad.getFailure().getMessage());
            Files.delete(BackupPaths.manifestOf(copy));
            assertEquals("manifest_missing", agent.run("bare", InProcessAgent.verify(copy.toString()), OPERATION).getFailure().getReason());
        }
    }

    @Test
    void aRestartedAgentDeletesWhatAnInterruptedBackupLeft() throws Exception {
        AgentSettings settings = settings();
        Path backups = Files.createDirectories(settings.backupDir());
        Path partial = Files.writeString(backups.resolve("root-20260101-000000-dead.tar.zst.partial"), "half");
        Path orphan = Files.writeString(backups.resolve("root-20260101-000000-dead.tar.zst.manifest.json"), "{}");
        Path other = Files.writeString(backups.resolve("root-20260101-000000-other-dead.tar.zst.partial"), "not mine");
        Path complete = Files.writeString(backups.resolve("root-20260101-000000-old.tar.zst"), "done");
        OperationStore store = new OperationStore(settings.stateDir().resolve("operations"));
        OperationSnapshot running = new OperationSnapshot("dead", new OperationSpec.Backup("", 0, 0), OperationState.RUNNING,
                Instant.now(), null, null, null, List.of());
        store.save(running);
        try (InProcessAgent agent = InProcessAgent.start(settings)) {
            Operation op = agent.get("dead");
            assertEquals("agent_restarted", op.getFailure().getReason());
        }
        assertFalse(Files.exists(partial));
        assertFalse(Files.exists(orphan));
        assertTrue(Files.exists(other), "another operation's file is left alone");
        assertTrue(Files.exists(complete));
    }

    @Test
    void backupDirIsARequiredAbsoluteSetting() throws Exception {
        String base = "listen: 127.0.0.1:0\nplaintext: true\nstate_dir: /s\nstaging_dir: /t\nquestdb:\n  root: /r\n  install_dir: /i\n";
        Path missing = Files.writeString(tmp.resolve("a.yaml"), base);
        assertTrue(assertThrows(SettingsException.class, () -> SettingsLoader.load(missing)).getMessage().contains("missing key 'backup_dir'"));
        Path relative = Files.writeString(tmp.resolve("b.yaml"), base + "backup_dir: backups\n");
        assertTrue(assertThrows(SettingsException.class, () -> SettingsLoader.load(relative)).getMessage().contains("backup_dir: 'backups' is not an absolute path"));
        Path good = Files.writeString(tmp.resolve("c.yaml"), base + "backup_dir: /var/backups/qfleet/../qfleet\n");
        assertEquals(Path.of("/var/backups/qfleet"), SettingsLoader.load(good).backupDir());
    }

    private static void assertRefused(InProcessAgent agent, String id, io.qfleet.proto.agent.v1.OperationSpec spec, Status.Code code,
            String reason) throws Exception {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> agent.start(id, spec), spec.toString());
        assertEquals(code, e.getStatus().getCode(), e.getMessage());
        ErrorInfo info = StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorInfo.class);
        assertEquals(reason, info.getReason(), e.getMessage());
    }
}
