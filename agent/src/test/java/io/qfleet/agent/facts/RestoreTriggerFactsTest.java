package io.qfleet.agent.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code _restore} left in the root (a manual restore that never started, say) is a fact: QuestDB's next
 * start would roll the data back to the checkpoint beside it, so preflight refuses the host (in-process
 * agent through GetHostFacts, QuestDB not running).
 */
class RestoreTriggerFactsTest {
    @TempDir
    Path tmp;

    private String trigger() throws Exception {
        AgentSettings settings = new AgentSettings("127.0.0.1", 0, true, tmp.resolve("state"), tmp.resolve("staging"),
                new AgentSettings.QuestDb(tmp.resolve("root"), tmp.resolve("opt/questdb"), "direct", QuestDbRoots.javaExecutable(),
                        QuestDbRoots.jvmArgs(), QuestDbRoots.USER, null));
        try (InProcessAgent agent = InProcessAgent.start(settings)) {
            return agent.calls().facts().getRestoreTrigger();
        }
    }

    @Test
    void aRestoreTriggerInTheRootIsReportedByItsPath() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/db"));
        assertEquals("", trigger(), "none yet");

        Files.createFile(root.resolveSibling("_restore"));
        assertEquals(tmp.resolve("root/_restore").toString(), trigger());
    }
}
