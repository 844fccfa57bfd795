package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.proto.agent.v1.GetOperationRequest;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.StartOperationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real agent process in the middle of writing an archive, then a restart: the
 * restarted agent releases the checkpoint the dead one held and deletes its partial archive.
 */
class BackupAgentKillIT {
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

    @Test
    void killedMidArchiveLeavesNoCheckpointAndNoCompleteLookingArchive() throws Exception {
        Path jar = QuestDbRoots.targetJar();
        Path root = questdb.start(tmp.resolve("root"), jar);
        // Random columns (~48 MB) compressed at zstd 19 with one worker: the archive takes many seconds.
        QuestDbFixture.execute(root, "CREATE TABLE big AS (SELECT rnd_long() a, rnd_double() b, rnd_long() c,"
                + " timestamp_sequence(0, 1000) ts FROM long_sequence(1500000)) TIMESTAMP(ts) PARTITION BY HOUR WAL");
        QuestDbFixture.awaitWalApplied(root);
        QuestDbSql sql = QuestDbRoots.sql(root);
        Path backups = tmp.resolve("backups");
        AgentSettings settings = InProcessAgent.settings(tmp, root, jar, backups);

        String id = "backup-killed";
        try (AgentProcess agent = AgentProcess.start(settings, tmp, "agent-1")) {
            agent.operations.startOperation(StartOperationRequest.newBuilder().setOperationId(id)
                    .setSpec(InProcessAgent.backup("zstd", 19, 1)).build());
            Path partial = awaitPartialWithData(backups, Duration.ofSeconds(60));
            System.out.println("killing the agent while " + partial.getFileName() + " holds " + Files.size(partial) + " bytes");
            agent.kill();
        }
        assertTrue(sql.checkpointStatus().inProgress(), "the dead agent left the checkpoint open");
        try (Stream<Path> files = Files.list(backups)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".partial")), "the dead agent left its partial archive");
        }

        long begin = System.nanoTime();
        try (AgentProcess agent = AgentProcess.start(settings, tmp, "agent-2")) {
            System.out.println("restarted agent serving after " + (System.nanoTime() - begin) / 1_000_000 + " ms");
            Operation op = agent.operations.getOperation(GetOperationRequest.newBuilder().setOperationId(id).build()).getOperation();
            assertEquals(OperationState.OPERATION_STATE_FAILED, op.getState());
            assertEquals("agent_restarted", op.getFailure().getReason());
            assertFalse(sql.checkpointStatus().inProgress(), "CHECKPOINT RELEASE issued at start");
            try (Stream<Path> files = Files.list(backups)) {
                List<Path> left = files.toList();
                assertTrue(left.stream().noneMatch(f -> f.toString().endsWith(".partial")), "partial deleted: " + left);
                for (Path f : left) {
                    if (!f.toString().endsWith(BackupPaths.MANIFEST_SUFFIX)) {
                        assertTrue(Files.exists(BackupPaths.manifestOf(f)), "an archive without a manifest: " + f);
                    }
                }
            }
            String log = Files.readString(tmp.resolve("agent-2.log"));
            assertTrue(log.contains("CHECKPOINT RELEASE done"), log);
            assertTrue(sql.answers(), "QuestDB still serves");
        }
    }

    private static Path awaitPartialWithData(Path dir, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        if (f.toString().endsWith(".partial") && Files.size(f) > 0) {
                            return f;
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no partial archive with data in " + dir + " within " + timeout);
    }
}
