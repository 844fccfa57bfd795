package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aRestartWhileArchivingFailsTheBackupAndKeepsNoArchive() throws Exception {
        AgentHostFixture fixture = AgentHostFixture.create(dir, stopper);
        Files.createDirectories(fixture.stateDir());
        long before = fixture.startSeededSource();
        QuestDbHost host = new QuestDbHost(fixture.settings());
        RecordingContext context = new RecordingContext();
        context.onFirstProgress("archiving", () -> Restart.restart(host, 60, 90, context));

        AgentException lost = assertThrows(AgentException.class,
                () -> new BackupStep(host, new OperationSpec.Backup("", 0, 0)).run(context));

        assertEquals("checkpoint_lost", lost.reason(), lost.getMessage());
        assertNotEquals(before, host.process().runningPid().orElseThrow(), "QuestDB was restarted mid-archive");
        assertTrue(host.sql().answers(), "and serves");
        assertFalse(host.sql().checkpointStatus().inProgress(), "no checkpoint left open");
        assertTrue(context.lines().stream().noneMatch(l -> l.startsWith("CHECKPOINT RELEASE")),
                "no RELEASE after a lost checkpoint: one open by then would be someone else's");
        assertEquals(AgentHostFixture.seededRowCounts(), fixture.rowCounts(), "the data as it was");
        try (Stream<Path> files = Files.list(host.backups().dir())) {
            assertEquals(List.of(), files.toList(), "no archive, partial or manifest kept");
        }
    }
}
