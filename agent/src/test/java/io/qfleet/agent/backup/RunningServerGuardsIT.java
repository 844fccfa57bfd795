package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.proto.agent.v1.HealthGateSpec;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.OperationState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards that need a real server to bite (QuestDB 9.2.2, in-process agent through its gRPC API): a
 * checkpoint someone else holds open is never taken over or released by a backup, a health gate
 * fails at once on a server of another version instead of waiting out its timeout, and a restore
 * checks the rows QuestDB serves against the manifest.
 */
class RunningServerGuardsIT {
    private static final Duration OPERATION = Duration.ofMinutes(2);
    private final QuestDbFixture questdb = new QuestDbFixture();
    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper(); // stops what serves the roots after each test, the restored one too
    @TempDir
    Path tmp;

    @Test
    void aCheckpointOpenedByAnotherIsRefusedAndLeftOpenAndAServerOfAnotherVersionFailsTheGateAtOnce() throws Exception {
        Path jar = QuestDbRoots.targetJar();
        Path root = questdb.start(stopper.watch(tmp.resolve("root")), jar);
        QuestDbSql sql = QuestDbRoots.sql(root);
        try (InProcessAgent agent = InProcessAgent.start(InProcessAgent.settings(tmp, root, jar, tmp.resolve("backups")))) {
            QuestDbFixture.execute(root, "CHECKPOINT CREATE");
            try {
                Operation backup = agent.run("backup-1", InProcessAgent.backup("", 0, 0), OPERATION);
                assertEquals("checkpoint_open", backup.getFailure().getReason(), backup.toString());
                assertTrue(sql.checkpointStatus().inProgress(), "whoever opened the checkpoint still holds it");
                if (Files.isDirectory(tmp.resolve("backups"))) {
                    try (Stream<Path> files = Files.list(tmp.resolve("backups"))) {
                        assertEquals(List.of(), files.toList(), "nothing archived");
                    }
                }
            } finally {
                QuestDbFixture.execute(root, "CHECKPOINT RELEASE");
            }
            assertFalse(sql.checkpointStatus().inProgress());

            long begin = System.nanoTime();
            Operation gate = agent.run("gate-1", OperationSpec.newBuilder().setHealthGate(HealthGateSpec.newBuilder()
                    .setExpectedVersion("9.9.9").setTimeoutSeconds(60)).build(), OPERATION);
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            assertEquals("wrong_version", gate.getFailure().getReason(), gate.toString());
            assertEquals("QuestDB reports version 9.2.2, expected 9.9.9", gate.getFailure().getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "failed in " + took + ", not after its 60 s timeout");
        }
    }

    /**
     * A restore whose tables do not hold the manifest's rows once QuestDB serves them fails with restore_mismatch,
     * naming the table and where the replaced root went: here the manifest was edited after the backup (a table's
     * exact count one higher), which the archive's own check does not cover. More rows than the checkpoint held pass,
     * as in a verify: clients may write to the restored server before it is counted.
     */
    @Test
    void aRestoreWhoseRowsDifferFromTheManifestFailsNamingTheTable() throws Exception {
        Path jar = QuestDbRoots.targetJar();
        Path root = questdb.start(stopper.watch(tmp.resolve("root")), jar);
        QuestDbFixture.execute(root, "CREATE TABLE plain AS (SELECT x FROM long_sequence(5000))");
        try (InProcessAgent agent = InProcessAgent.start(InProcessAgent.settings(tmp, root, jar, tmp.resolve("backups")))) {
            Operation backup = agent.run("backup-1", InProcessAgent.backup("", 0, 0), OPERATION);
            assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, backup.getState(), backup.toString());
            Path manifestFile = Path.of(backup.getResult().getBackup().getManifestPath());
            BackupManifest manifest = BackupManifest.read(manifestFile);
            List<ManifestTable> edited = manifest.tables().stream().map(t -> !t.name().equals("plain") ? t
                    : new ManifestTable(t.name(), t.wal(), t.directory(), t.rows() + 1, true, t.rowsBefore(), t.rowsAfter())).toList();
            new BackupManifest(manifest.format(), manifest.createdAt(), manifest.questdbVersion(), manifest.edition(), manifest.mode(),
                    manifest.compression(), manifest.level(), manifest.digestAlgorithm(), manifest.checkpointHeldMillis(),
                    manifest.sourceBytes(), manifest.roots(), edited, manifest.entries()).write(manifestFile);

            Operation restore = agent.run("restore-1", InProcessAgent.restore(backup.getResult().getBackup().getArchivePath(), 120),
                    OPERATION);

            assertEquals("restore_mismatch", restore.getFailure().getReason(), restore.toString());
            String message = restore.getFailure().getMessage();
            assertTrue(message.startsWith("restored data differs from the backup's manifest: ") && message.contains("plain"), message);
            assertTrue(message.endsWith("(the replaced root is in " + tmp.resolve("root.before-restore-restore-1") + ")"), message);
        }
    }
}
