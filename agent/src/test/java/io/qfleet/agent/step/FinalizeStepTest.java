package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.install.UploadStore;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.settings.AgentSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * finalize removes exactly what the named operations kept, counts its bytes, and removes nothing when
 * a record names a path that operation would not have made. (RollbackIT runs it on real hosts.)
 */
class FinalizeStepTest {
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path dir;

    private QuestDbHost host;
    private UploadStore uploads;
    private final Map<String, OperationResult> results = new HashMap<>();
    private Path install;
    private Path root;
    private Path previous;
    private Path archive;
    private Path manifest;
    private Path upload;
    private Path outside;

    @BeforeEach
    void host() throws IOException {
        root = Files.createDirectories(dir.resolve("root/db"));
        root = root.getParent();
        install = Files.createDirectories(dir.resolve("questdb"));
        write(install.resolve("questdb.jar"), 100);
        previous = Files.createDirectories(dir.resolve("questdb.previous-r1.db-1.swap"));
        write(previous.resolve("questdb.jar"), 1000);
        write(Files.createDirectories(previous.resolve("lib")).resolve("x.so"), 24);
        outside = write(dir.resolve("outside.txt"), 7);
        Files.createSymbolicLink(previous.resolve("link"), outside); // removed, never followed
        Path backups = Files.createDirectories(dir.resolve("backups"));
        archive = write(backups.resolve("root-20260101-000000-r1.db-1.backup.tar.zst"), 500);
        manifest = write(backups.resolve(archive.getFileName() + ".manifest.json"), 50);
        upload = write(Files.createDirectories(dir.resolve("staging/uploads")).resolve(SHA + "-questdb.tar.gz"), 300);
        AgentSettings settings = new AgentSettings("127.0.0.1", 0, true, dir.resolve("state"), dir.resolve("staging"), backups,
                new AgentSettings.QuestDb(root, install, "direct", Path.of("/usr/bin/java"), List.of(), "admin", null));
        host = new QuestDbHost(settings);
        uploads = new UploadStore(dir.resolve("staging/uploads"), 1L << 30);
        results.put("r1.db-1.swap", new OperationResult.Swapped(install.toString(), previous.toString(), dir.resolve("x").toString()));
        results.put("r1.db-1.backup", new OperationResult.BackedUp(archive.toString(), manifest.toString(), 500, 5000, 3, 1, "8.1.4",
                "checkpoint", 1));
    }

    @Test
    void removesWhatTheRunKeptAndCountsItsBytes() throws IOException {
        OperationResult.Finalized done = finalize(spec("r1.db-1.swap", "r1.db-1.backup", SHA, "", ""));

        assertEquals(1024 + 500 + 50 + 300, done.bytesFreed());
        assertEquals(List.of(previous.toString(), archive.toString(), manifest.toString(), upload.toString()),
                done.removed().stream().map(OperationResult.Removed::path).toList());
        for (Path gone : List.of(previous, archive, manifest, upload)) {
            assertFalse(Files.exists(gone), gone + " left");
        }
        assertTrue(Files.exists(outside), "a symlink's target is not removed");
        assertEquals(100, Files.size(install.resolve("questdb.jar")), "the install dir is untouched");
        assertTrue(Files.isDirectory(root.resolve("db")), "the root is untouched");

        assertEquals(0, finalize(spec("r1.db-1.swap", "r1.db-1.backup", SHA, "", "")).bytesFreed(), "again: nothing more");
    }

    @Test
    void afterARollbackTheSetAsideBinariesAndRootGo() throws IOException {
        Path reverted = Files.createDirectories(dir.resolve("questdb.reverted-r1.db-1.rollback-revert"));
        write(reverted.resolve("questdb.jar"), 2000);
        Path replaced = Files.createDirectories(dir.resolve("root.before-restore-r1.db-1.rollback-restore"));
        write(replaced.resolve("db-file"), 4000);
        results.put("r1.db-1.rollback-revert", new OperationResult.Reverted(install.toString(), reverted.toString()));
        results.put("r1.db-1.rollback-restore", new OperationResult.Restored(replaced.toString(), 10, "8.1.4"));

        OperationResult.Finalized done = finalize(spec("", "", "", "r1.db-1.rollback-revert", "r1.db-1.rollback-restore"));

        assertEquals(6000, done.bytesFreed());
        assertFalse(Files.exists(reverted));
        assertFalse(Files.exists(replaced));
        assertTrue(Files.exists(previous) && Files.exists(archive), "only what was named goes");
    }

    @Test
    void anOperationTheAgentDoesNotHaveIsSkipped() throws IOException {
        assertEquals(0, finalize(spec("r9.db-1.swap", "", "", "r9.db-1.rollback-revert", "")).bytesFreed());
        assertTrue(Files.exists(previous));
    }

    @Test
    void aRecordNamingAnythingButWhereItsOperationPutsThingsRemovesNothing() {
        List<OperationResult> bad = List.of(
                new OperationResult.Swapped(install.toString(), install.toString(), ""), // the live install dir
                new OperationResult.Swapped(install.toString(), root.toString(), ""),
                new OperationResult.Swapped(install.toString(), dir.resolve("questdb.previous-other").toString(), ""),
                new OperationResult.Swapped(install.toString(), previous + "/../questdb", ""));
        for (OperationResult record : bad) {
            results.put("r1.db-1.swap", record);
            AgentException refused = assertThrows(AgentException.class,
                    () -> finalize(spec("r1.db-1.swap", "r1.db-1.backup", SHA, "", "")), record.toString());
            assertEquals("path_not_allowed", refused.reason());
            assertTrue(Files.exists(archive) && Files.exists(upload) && Files.exists(install.resolve("questdb.jar")),
                    "removed something before refusing: " + record);
        }
    }

    @Test
    void anArchiveOutsideBackupDirOrOfAnotherOperationIsRefused() throws IOException {
        Path elsewhere = write(dir.resolve("root-20260101-000000-r1.db-1.backup.tar.zst"), 5);
        Path other = write(dir.resolve("backups/root-20260101-000000-r2.db-1.backup.tar.zst"), 5);
        for (Path path : List.of(elsewhere, other)) {
            results.put("r1.db-1.backup", new OperationResult.BackedUp(path.toString(), path + ".manifest.json", 5, 5, 1, 1, "8.1.4",
                    "checkpoint", 1));
            AgentException refused = assertThrows(AgentException.class, () -> finalize(spec("r1.db-1.swap", "r1.db-1.backup", "", "",
                    "")));
            assertEquals("path_not_allowed", refused.reason());
            assertTrue(Files.exists(path) && Files.exists(previous), path.toString());
        }
    }

    @Test
    void aRestoreRecordNamingTheLiveRootIsRefused() {
        results.put("r1.db-1.rollback-restore", new OperationResult.Restored(root.toString(), 10, "8.1.4"));
        AgentException refused = assertThrows(AgentException.class, () -> finalize(spec("", "", "", "", "r1.db-1.rollback-restore")));
        assertEquals("path_not_allowed", refused.reason());
        assertTrue(Files.isDirectory(root.resolve("db")));
    }

    @Test
    void aMalformedUploadShaIsRefusedBeforeTheSpecIsStored() {
        assertThrows(AgentException.class, () -> FinalizeStep.validate(spec("", "", "../../etc", "", ""), uploads));
    }

    private OperationResult.Finalized finalize(OperationSpec.Finalize spec) throws IOException {
        FinalizeStep.validate(spec, uploads);
        return (OperationResult.Finalized) new FinalizeStep(host, uploads, spec).run(new RecordingContext(results));
    }

    private static OperationSpec.Finalize spec(String swap, String backup, String sha, String revert, String restore) {
        return new OperationSpec.Finalize(swap, backup, sha, revert, restore);
    }

    private static Path write(Path file, int bytes) throws IOException {
        return Files.write(file, new byte[bytes]);
    }
}
