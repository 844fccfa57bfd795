package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup_dir on an 8 MiB tmpfs: the space check refuses up front, and when the estimate is fooled
 * the write itself hits ENOSPC. Either way: disk_full, checkpoint released, nothing left in
 * backup_dir, QuestDB still serving. Needs root (mount); skipped where mounting is not permitted.
 */
class BackupDiskFullIT {
    private static final Duration OPERATION = Duration.ofMinutes(2);
    private final QuestDbFixture questdb = new QuestDbFixture();
    @TempDir
    Path tmp;
    private TmpfsMount disk;
    private Path backups;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = TmpfsMount.mount(tmp.resolve("backups"), 8);
        backups = disk.dir();
    }

    @AfterEach
    void cleanUp() throws Exception {
        SpaceCheck.testFactorOverride = -1;
        List<String> lingering = questdb.stopAll();
        if (disk != null) {
            disk.close();
        }
        if (!lingering.isEmpty()) {
            fail("QuestDB did not stop: " + lingering);
        }
    }

    @Test
    void spaceCheckAndAWriteThatFillsTheDiskBothFailCleanly() throws Exception {
        Path jar = QuestDbRoots.targetJar();
        Path root = questdb.start(tmp.resolve("root"), jar);
        QuestDbFixture.execute(root, "CREATE TABLE t AS (SELECT rnd_long() a, rnd_double() b,"
                + " timestamp_sequence(0, 1000000) ts FROM long_sequence(400000)) TIMESTAMP(ts) PARTITION BY DAY WAL");
        QuestDbFixture.awaitWalApplied(root);
        QuestDbSql sql = QuestDbRoots.sql(root);

        try (InProcessAgent agent = InProcessAgent.start(InProcessAgent.settings(tmp, root, jar, backups))) {
            Operation refused = agent.run("backup-refused", InProcessAgent.backup("zstd", 0, 0), OPERATION);
            System.out.println("space check: " + refused.getFailure());
            assertEquals(OperationState.OPERATION_STATE_FAILED, refused.getState());
            assertEquals("disk_full", refused.getFailure().getReason());
            assertTrue(refused.getFailure().getMessage().matches("backup needs about [0-9.]+ (GiB|MiB) in .+, [0-9.]+ (GiB|MiB) free"),
                    refused.getFailure().getMessage());
            assertNothingLeft(sql);

            SpaceCheck.testFactorOverride = 0; // the check passes; ~10 MB of random columns cannot fit in 8 MiB
            Operation full = agent.run("backup-full", InProcessAgent.backup("none", 0, 0), OPERATION);
            System.out.println("write: " + full.getFailure());
            assertEquals(OperationState.OPERATION_STATE_FAILED, full.getState());
            assertEquals("disk_full", full.getFailure().getReason(), full.getFailure().getMessage());
            assertNothingLeft(sql);
        }
    }

    private void assertNothingLeft(QuestDbSql sql) throws Exception {
        assertFalse(sql.checkpointStatus().inProgress(), "checkpoint released");
        try (Stream<Path> files = Files.list(backups)) {
            assertEquals(List.of(), files.toList(), "nothing left in backup_dir");
        }
        assertTrue(sql.answers(), "QuestDB still serves");
        assertEquals(400000, sql.rowCount("t"));
    }
}
