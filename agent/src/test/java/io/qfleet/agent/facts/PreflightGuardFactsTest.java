package io.qfleet.agent.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.proto.agent.v1.HostFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts preflight guards a host's data with (in-process agent through GetHostFacts, QuestDB not
 * running): a {@code _restore} left in the root (a manual restore that never started, say), which
 * QuestDB's next start would act on, rolling the data back to the checkpoint beside it; and the room
 * where backups go.
 */
class PreflightGuardFactsTest {
    @TempDir
    Path tmp;

    private HostFacts facts() throws Exception {
        AgentSettings settings = new AgentSettings("127.0.0.1", 0, true, tmp.resolve("state"), tmp.resolve("staging"),
                new AgentSettings.QuestDb(tmp.resolve("root"), tmp.resolve("opt/questdb"), "direct", QuestDbRoots.javaExecutable(),
                        QuestDbRoots.jvmArgs(), QuestDbRoots.USER, null));
        try (InProcessAgent agent = InProcessAgent.start(settings)) {
            return agent.calls().facts();
        }
    }

    private String trigger() throws Exception {
        return facts().getRestoreTrigger();
    }

    /** Preflight's room-for-the-backup check reads it; backup_dir need not exist yet (its parent's file system counts). */
    @Test
    void theRoomWhereBackupsGoIsAFact() throws Exception {
        HostFacts facts = facts();
        assertTrue(facts.hasBackupDirFreeBytes());
        assertEquals(Files.getFileStore(tmp).getUsableSpace(), facts.getBackupDirFreeBytes(), 64L << 20, "state/backups, not there yet");
    }

    @Test
    void aRestoreTriggerInTheRootIsReportedByItsPath() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/db"));
        assertEquals("", trigger(), "none yet");

        Files.createFile(root.resolveSibling("_restore"));
        assertEquals(tmp.resolve("root/_restore").toString(), trigger());
    }
}
