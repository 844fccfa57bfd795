package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.proto.agent.v1.HealthGateSpec;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards that need a real server to bite (QuestDB 9.2.2, in-process agent through its gRPC API): a
 * checkpoint someone else holds open is never taken over or released by a backup, and a health gate
 * fails at once on a server of another version instead of waiting out its timeout.
 */
class RunningServerGuardsIT {
    private static final Duration OPERATION = Duration.ofMinutes(2);
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
    void aCheckpointOpenedByAnotherIsRefusedAndLeftOpenAndAServerOfAnotherVersionFailsTheGateAtOnce() throws Exception {
        Path jar = QuestDbRoots.targetJar();
        Path root = questdb.start(tmp.resolve("root"), jar);
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
}
