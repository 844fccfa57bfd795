package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.QuestDbStopper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * QuestDB restarted while a backup archives its root (QUESTDB.md 8.4: a restart ends checkpoint mode
 * silently and purges resume, so the copy may be inconsistent): the backup fails with checkpoint_lost and
 * leaves nothing in backup_dir, and releases no checkpoint (one open by then would not be its own). The restart is made on the archiving thread at its first progress report,
 * on a real 8.1.4 server with data, so the archive is mid-way whatever the machine's speed.
 */
class CheckpointLostIT {
    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path dir;

    /**
     * {@code othersCheckpoint}: after the restart someone else opens a checkpoint of their own, which must neither
     * pass for the backup's (it is told apart by its start time) nor be released by it.
     */
    @ParameterizedTest(name = "someone else's checkpoint open after the restart: {0}")
    @ValueSource(booleans = {false, true})
    void aRestartWhileArchivingFailsTheBackupAndKeepsNoArchive(boolean othersCheckpoint) throws Exception {
        AgentHostFixture fixture = AgentHostFixture.create(dir, stopper);
        Files.createDirectories(fixture.stateDir());
        long before = fixture.startSeededSource();
        QuestDbHost host = new QuestDbHost(fixture.settings());
        RecordingContext context = new RecordingContext();
        context.onFirstProgress("archiving", () -> {
            Restart.restart(host, 60, 90, context);
            if (othersCheckpoint) {
                host.sql().run("CHECKPOINT CREATE");
            }
        });

        AgentException lost = assertThrows(AgentException.class,
                () -> new BackupStep(host, new OperationSpec.Backup("", 0, 0)).run(context));

        assertEquals("checkpoint_lost", lost.reason(), lost.getMessage());
        assertNotEquals(before, host.process().runningPid().orElseThrow(), "QuestDB was restarted mid-archive");
        assertTrue(host.sql().answers(), "and serves");
        assertEquals(othersCheckpoint, host.sql().checkpointStatus().inProgress(), "only someone else's checkpoint is open");
        assertTrue(context.lines().stream().noneMatch(l -> l.startsWith("CHECKPOINT RELEASE")),
                "no RELEASE after a lost checkpoint: one open by then is someone else's");
        if (othersCheckpoint) {
            host.sql().run("CHECKPOINT RELEASE");
        }
        assertEquals(AgentHostFixture.seededRowCounts(), fixture.rowCounts(), "the data as it was");
        try (Stream<Path> files = Files.list(host.backups().dir())) {
            assertEquals(List.of(), files.toList(), "no archive, partial or manifest kept");
        }
    }
}
