package io.qfleet.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentCalls.Finished;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.Distributions.Tarball;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.agent.testing.Specs;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.RevertSwapResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target that passes staging but cannot start: the health gate fails fast on the exited process,
 * and revert_swap puts 8.1.4 back with its data before anything was migrated.
 */
class AgentRollbackIT {
    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;

    @Test
    void targetThatCannotStartIsRevertedTo814WithItsData() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        host.startSeededSource();
        Tarball corrupt = Distributions.garbageClassJar(host.coordinatorDir());

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            calls.upload(corrupt);
            Finished stage = calls.run("stage-1", Specs.stage(corrupt.sha256(), Distributions.TARGET_VERSION)).requireSucceeded();
            assertEquals(Distributions.TARGET_VERSION, stage.operation().getResult().getStage().getDistribution().getVersion(),
                    "a valid zip with the right manifest: staging cannot tell");
            calls.run("inventory-1", Specs.inventory()).requireSucceeded();
            calls.run("stop-1", Specs.stop()).requireSucceeded();
            calls.run("swap-1", Specs.swap("stage-1")).requireSucceeded();
            calls.run("start-1", Specs.start()).requireSucceeded();

            Finished gate = calls.run("gate-1", Specs.healthGate(Distributions.TARGET_VERSION, 120))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("questdb_exited", gate.reason(), gate.operation().getFailure().toString());
            Duration took = Duration.between(instant(gate.operation().getCreatedAt()), instant(gate.operation().getEndedAt()));
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "failed fast, not after the 120 s timeout: " + took);
            System.out.println("health gate on a target that cannot start failed in " + took.toMillis() + " ms");

            Finished revert = calls.run("revert-1", Specs.revertSwap("swap-1")).requireSucceeded();
            RevertSwapResult reverted = revert.operation().getResult().getRevertSwap();
            assertEquals(host.installDir().toString(), reverted.getInstallDir());
            assertArrayEquals(Files.readAllBytes(QuestDbRoots.sourceJar()), Files.readAllBytes(host.installDir().resolve("questdb.jar")));
            assertTrue(Files.isRegularFile(Path.of(reverted.getRevertedDir()).resolve("questdb.jar")), "kept for a post-mortem");

            calls.run("start-2", Specs.start()).requireSucceeded();
            calls.run("gate-2", Specs.healthGate(AgentHostFixture.SOURCE_VERSION, 120)).requireSucceeded();
            Finished verify = calls.run("verify-2", Specs.verify("inventory-1")).requireSucceeded();
            assertEquals(AgentHostFixture.WAL_ROWS + AgentHostFixture.PLAIN_ROWS, verify.operation().getResult().getVerify().getTotalRows());

            HostFacts facts = calls.facts();
            assertTrue(facts.getQuestdbRunning());
            assertEquals(AgentHostFixture.SOURCE_VERSION, facts.getQuestdbVersion());
            assertEquals(AgentIT.distribution(AgentHostFixture.SOURCE_VERSION), facts.getInstalled());
            assertEquals(AgentHostFixture.seededRowCounts(), host.rowCounts());
        }
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
