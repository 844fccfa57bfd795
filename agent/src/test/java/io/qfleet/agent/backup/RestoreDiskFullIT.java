package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.TmpfsMount;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full during a restore: the QuestDB root lives on a tmpfs that, once the backup is taken
 * (into a backup_dir on another disk), is shrunk to hold the root and 4 MiB more. The restore
 * verifies the archive, stops QuestDB, moves the root aside and runs out of space unpacking. It
 * fails ({@code extract_failed}, "No space left on device"), the root it moved aside comes back, and QuestDB serves it again with
 * every table's rows.
 */
class RestoreDiskFullIT {
    private static final Duration OPERATION = Duration.ofMinutes(3);
    private final QuestDbFixture questdb = new QuestDbFixture();
    @TempDir
    Path tmp;

    @Test
    void restoreThatFillsTheDiskPutsTheRootBackAndQuestDbServesIt() throws Exception {
        TmpfsMount data = TmpfsMount.mount(tmp.resolve("data"), 512);
        try {
            Path jar = QuestDbRoots.targetJar();
            Path root = questdb.start(data.dir().resolve("root"), jar);
            QuestDbFixture.execute(root, "CREATE TABLE t AS (SELECT rnd_long() a, rnd_double() b,"
                    + " timestamp_sequence(0, 1000000) ts FROM long_sequence(600000)) TIMESTAMP(ts) PARTITION BY DAY WAL");
            QuestDbFixture.awaitWalApplied(root);
            QuestDbSql sql = QuestDbRoots.sql(root);
            Path backups = tmp.resolve("backups");

            try (InProcessAgent agent = InProcessAgent.start(InProcessAgent.settings(tmp, root, jar, backups))) {
                Operation backup = agent.run("backup-1", InProcessAgent.backup("zstd", 0, 0), OPERATION);
                assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, backup.getState(), backup.toString());
                // Room for the root and 4 MiB: the table's ~14 MB of random columns cannot be unpacked beside it
                // (zeros may be written as holes, so the archive's apparent size says little).
                long used = data.usedBytes() >> 20;
                data.resize(used + 4);
                System.out.println("root uses " + used + " MiB; tmpfs now " + (used + 4) + " MiB");

                Operation restore = agent.run("restore-1", InProcessAgent.restore(backup.getResult().getBackup().getArchivePath(), 120),
                        OPERATION);
                System.out.println("restore on a full disk: " + restore.getFailure());
                assertEquals(OperationState.OPERATION_STATE_FAILED, restore.getState(), restore.toString());
                assertEquals("extract_failed", restore.getFailure().getReason(), restore.getFailure().toString());
                assertTrue(restore.getFailure().getMessage().endsWith("cannot extract into " + root + ": No space left on device"),
                        restore.getFailure().toString());

                try (Stream<Path> beside = Files.list(data.dir())) {
                    assertEquals(List.of(root), beside.toList(), "nothing left beside the root");
                }
                long deadline = System.nanoTime() + QuestDbFixture.READY.toNanos();
                while (!sql.answers() && System.nanoTime() < deadline) {
                    Thread.sleep(200); // the agent started QuestDB again; it takes a moment to serve
                }
                assertTrue(sql.answers(), "QuestDB serves the root again");
                assertEquals(600000, sql.rowCount("t"));
            }
        } finally {
            List<String> lingering = questdb.stopAll(); // the server's files are on the mount
            data.close();
            if (!lingering.isEmpty()) {
                fail("QuestDB did not stop: " + lingering);
            }
        }
    }
}
