package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.qfleet.agent.operation.OperationSnapshot;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationState;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directories a kill -9 leaves at each point of a swap, handed to {@link SwapRecovery} as the
 * registry hands over an interrupted operation: afterwards the install dir always holds the
 * previous binaries, and the new ones (if they had moved in) sit in {@code <install>.reverted-<op>}.
 */
class SwapRecoveryTest {
    private static final String OP = "r1.db-1.swap";
    @TempDir
    Path tmp;

    @Test
    void killedAfterBothRenamesPutsThePreviousBinariesBack() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, new QuestDbStopper());
        Path install = host.installDir();
        Path previous = install.resolveSibling("questdb.previous-" + OP);
        Files.move(install, previous); // the swap's first rename
        Files.createDirectories(install);
        Files.copy(QuestDbRoots.targetJar(), install.resolve("questdb.jar")); // its second: the staged dir moved in

        new SwapRecovery(new QuestDbHost(host.settings())).accept(interrupted());

        assertEquals(-1, Files.mismatch(QuestDbRoots.sourceJar(), install.resolve("questdb.jar")), "the previous binaries are back");
        assertEquals(-1, Files.mismatch(QuestDbRoots.targetJar(), install.resolveSibling("questdb.reverted-" + OP).resolve("questdb.jar")));
        assertFalse(Files.exists(previous));
    }

    @Test
    void killedBetweenTheRenamesPutsThePreviousBinariesBack() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, new QuestDbStopper());
        Path install = host.installDir();
        Files.move(install, install.resolveSibling("questdb.previous-" + OP)); // no install dir at all

        new SwapRecovery(new QuestDbHost(host.settings())).accept(interrupted());

        assertEquals(-1, Files.mismatch(QuestDbRoots.sourceJar(), install.resolve("questdb.jar")));
        assertFalse(Files.exists(install.resolveSibling("questdb.reverted-" + OP)));
    }

    @Test
    void killedBeforeAnyRenameChangesNothing() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, new QuestDbStopper());
        var before = host.optTree();

        new SwapRecovery(new QuestDbHost(host.settings())).accept(interrupted());

        assertEquals(before, host.optTree());
    }

    private static OperationSnapshot interrupted() {
        return new OperationSnapshot(OP, new OperationSpec.Swap("r1.db-1.stage"), OperationState.FAILED, Instant.now(), Instant.now(),
                null, null, List.of());
    }
}
