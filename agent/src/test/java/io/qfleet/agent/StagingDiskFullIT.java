package io.qfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.process.DirectQuestDbProcess;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentCalls.Finished;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.Distributions.Tarball;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.agent.testing.Specs;
import io.qfleet.agent.testing.TmpfsMount;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.OperationState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full while staging: the install dir's filesystem is a 40 MiB tmpfs holding the 8.1.4 jar
 * (24 MB), so unpacking the 9.2.2 jar (30 MB) beside it runs out of space half way. The stage fails
 * as {@code extract_failed} naming the staged dir and "No space left on device", the half-written staged dir is gone, and the host is exactly as before:
 * install dir and its neighbours, QuestDB root, the same server with every table's rows.
 */
class StagingDiskFullIT {
    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;

    @Test
    void stagingThatFillsTheDiskFailsAndLeavesTheHostAsItWas() throws Exception {
        TmpfsMount opt = TmpfsMount.mount(tmp.resolve("host/opt"), 40);
        AgentHostFixture host = null;
        try {
            host = AgentHostFixture.create(tmp.resolve("host"), stopper);
            long pid = host.startSeededSource();
            Tarball target = Distributions.target(host.coordinatorDir());
            Map<String, Long> rows = host.rowCounts(); // first: a read updates QuestDB's _txn_scoreboard files
            SortedMap<String, String> optBefore = host.optTree();
            SortedMap<String, String> rootBefore = host.rootTree();

            try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
                AgentCalls calls = agent.calls();
                calls.upload(target); // staging_dir is on another disk: the upload fits
                Finished stage = calls.run("stage-1", Specs.stage(target.sha256(), Distributions.TARGET_VERSION))
                        .require(OperationState.OPERATION_STATE_FAILED);
                String failure = stage.operation().getFailure().toString();
                System.out.println("stage on a full disk: " + failure);
                assertEquals("extract_failed", stage.reason(), failure);
                String message = stage.operation().getFailure().getMessage();
                assertTrue(message.contains("cannot extract into " + host.installDir() + ".staged-stage-1")
                        && message.endsWith("No space left on device"), failure);

                assertEquals(optBefore, host.optTree(), "no staged dir left, install dir and its neighbours unchanged");
                assertEquals(rootBefore, host.rootTree(), "QuestDB root unchanged");
                HostFacts facts = calls.facts();
                assertTrue(facts.getQuestdbRunning());
                assertEquals(pid, facts.getQuestdbPid());
                assertEquals(AgentHostFixture.seededRowCounts(), rows);
                assertEquals(rows, host.rowCounts());
            }
        } finally {
            if (host != null) { // its jar lives on the mount: the server goes first
                new DirectQuestDbProcess(QuestDbRoots.launch(host.root())).stop(Duration.ofSeconds(60));
            }
            opt.close();
        }
    }
}
