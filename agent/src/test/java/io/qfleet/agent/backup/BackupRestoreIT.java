package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup while a client keeps inserting, verify, restore on the same host, with real QuestDB
 * 8.1.4 and 9.2.2 and a real agent (in-process, through its gRPC API).
 */
class BackupRestoreIT {
    private static final Duration OPERATION = Duration.ofMinutes(3);
    private final QuestDbFixture questdb = new QuestDbFixture();
    @TempDir
    Path tmp;

    @AfterEach
    void stopQuestDb() {
        List<String> lingering = questdb.stopAll();
        if (!lingering.isEmpty()) {
            fail("QuestDB did not stop: " + lingering);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"source", "target"})
    void backupUnderInsertsRestoresExactlyWhatTheCheckpointHeld(String which) throws Exception {
        Path jar = which.equals("source") ? QuestDbRoots.sourceJar() : QuestDbRoots.targetJar();
        Path root = questdb.start(tmp.resolve("root"), jar);
        QuestDbFixture.execute(root, "CREATE TABLE trades (id LONG, price DOUBLE, ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY WAL");
        QuestDbFixture.execute(root, "INSERT INTO trades SELECT x, rnd_double(), timestamp_sequence(0, 1000000) FROM long_sequence(200000)");
        QuestDbFixture.execute(root, "CREATE TABLE plain AS (SELECT x, rnd_symbol('a','b','c') s FROM long_sequence(5000))");
        QuestDbFixture.awaitWalApplied(root);
        QuestDbSql sql = QuestDbRoots.sql(root);

        try (InProcessAgent agent = InProcessAgent.start(InProcessAgent.settings(tmp, root, jar, tmp.resolve("backups")))) {
            Operation backup;
            long insertedBefore;
            try (QuestDbFixture.Inserter inserter = new QuestDbFixture.Inserter(root, "trades")) {
                inserter.awaitInserted(200);
                insertedBefore = inserter.inserted();
                long begin = System.nanoTime();
                backup = agent.run("backup-1", InProcessAgent.backup("", 0, 0), OPERATION);
                System.out.printf("%s: backup took %d ms while inserting (%d rows inserted before it)%n", which,
                        (System.nanoTime() - begin) / 1_000_000, insertedBefore);
                inserter.awaitInserted(inserter.inserted() + 200); // some rows certainly after CHECKPOINT CREATE
            }
            assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, backup.getState(), backup.toString());
            var result = backup.getResult().getBackup();
            System.out.println(which + ": " + result);
            assertEquals("checkpoint", result.getMode());
            assertTrue(result.getReadBackMillis() > 0, "read back against its manifest before it was renamed into place: " + result);
            assertTrue(result.getArchivePath().endsWith(".tar.zst"), result.getArchivePath());
            assertTrue(Files.isRegularFile(Path.of(result.getArchivePath())));
            assertTrue(Files.isRegularFile(Path.of(result.getManifestPath())));
            assertFalse(sql.checkpointStatus().inProgress(), "checkpoint released");
            try (Stream<Path> files = Files.list(tmp.resolve("backups"))) {
                assertTrue(files.noneMatch(f -> f.toString().endsWith(".partial")));
            }
            BackupManifest manifest = BackupManifest.read(Path.of(result.getManifestPath()));
            Map<String, ManifestTable> tables = manifest.tables().stream().collect(Collectors.toMap(ManifestTable::name, t -> t));
            ManifestTable trades = tables.get("trades");
            System.out.println(which + ": manifest trades " + trades + ", plain " + tables.get("plain"));
            assertTrue(trades.rowsExact(), "row count read from the checkpoint's _txn");
            assertTrue(trades.rowsBefore() <= trades.rows() && trades.rows() <= trades.rowsAfter(), trades.toString());
            assertEquals(new ManifestTable("plain", false, tables.get("plain").directory(), 5000, true, 5000, 5000), tables.get("plain"));
            assertTrue(manifest.entries().stream().anyMatch(e -> e.path().startsWith(".checkpoint/db/")), "the checkpoint is archived");
            assertTrue(manifest.entries().stream().anyMatch(e -> e.path().equals("conf/server.conf")));

            QuestDbFixture.awaitWalApplied(root);
            long rowsNow = sql.rowCount("trades");
            assertTrue(rowsNow > trades.rows(), "rows went in after CHECKPOINT CREATE: " + rowsNow + " vs " + trades.rows());

            Operation verify = agent.run("verify-1", InProcessAgent.verify(result.getArchivePath()), OPERATION);
            assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, verify.getState(), verify.toString());
            assertEquals(result.getFiles(), verify.getResult().getVerifyBackup().getFiles());

            Operation restore = agent.run("restore-1", InProcessAgent.restore(result.getArchivePath(), 120), OPERATION);
            assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, restore.getState(), restore.toString());
            var restored = restore.getResult().getRestore();
            System.out.println(which + ": " + restored + "; rows before restore " + rowsNow);
            assertEquals(tmp.resolve("root.before-restore-restore-1").toString(), restored.getPreviousRoot());
            assertTrue(Files.isDirectory(Path.of(restored.getPreviousRoot()).resolve("db")));
            // The checkpoint's _txn counts the rows applied at CREATE; WAL transactions committed but not yet applied then
            // are in the copy too and get applied after the recovery (seen once here, two test JVMs running: one row more).
            long restoredRows = sql.rowCount("trades");
            assertTrue(trades.rows() <= restoredRows && restoredRows < rowsNow, "rows written after CHECKPOINT CREATE are gone: "
                    + restoredRows + " restored, " + trades.rows() + " applied at CREATE, " + rowsNow + " before the restore");
            assertEquals(5000, sql.rowCount("plain"));
            assertEquals(restoredRows + 5000, restored.getTotalRows());
            assertFalse(Files.exists(root.resolve("_restore")), "QuestDB consumed the trigger");
            assertFalse(Files.exists(root.resolve(".checkpoint/db")), "recovery removed the checkpoint copy");
        }
    }
}
