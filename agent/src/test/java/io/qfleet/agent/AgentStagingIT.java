package io.qfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentCalls.Finished;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.Distributions.Hostile;
import io.qfleet.agent.testing.Distributions.Tarball;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.agent.testing.Specs;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.OperationState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The stage step refusing what must never be installed, while QuestDB keeps serving. */
class AgentStagingIT {
    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void hostileArchiveIsRefusedAndTouchesNothing(Hostile kind) throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        long pid = host.startSeededSource();
        Tarball hostile = Distributions.hostile(host.coordinatorDir(), kind, host.outside());
        SortedMap<String, String> opt = host.optTree();
        SortedMap<String, String> root = host.rootTree();

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            calls.upload(hostile);
            Finished stage = calls.run("stage-1", Specs.stage(hostile.sha256(), Distributions.TARGET_VERSION))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("unsafe_archive_entry", stage.reason(), stage.operation().getFailure().toString());
            assertFalse(stage.operation().getFailure().getRetryable());
            String message = stage.operation().getFailure().getMessage();
            assertTrue(message.contains(hostileEntry(kind)), "names the hostile entry: " + message);

            assertEquals(opt, host.optTree(), "no staged dir left, install dir and its neighbours unchanged");
            assertEquals(root, host.rootTree(), "QuestDB root unchanged");
            HostFacts facts = calls.facts();
            assertTrue(facts.getQuestdbRunning());
            assertEquals(pid, facts.getQuestdbPid());
            assertEquals(AgentHostFixture.SOURCE_VERSION, facts.getQuestdbVersion());
        }
    }

    /**
     * Binaries that would take the host backwards are refused by what they are, whatever the tarball is called:
     * an older version of the installed edition (9.2.2 installed, 8.1.4 staged), Open Source over Enterprise.
     */
    @Test
    void distributionsThatTakeTheHostBackwardsAreRefused() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        Path installed = host.installDir().resolve("questdb.jar");
        Files.copy(QuestDbRoots.targetJar(), installed, StandardCopyOption.REPLACE_EXISTING);
        Tarball older = Distributions.withJar(host.coordinatorDir().resolve("renamed-older.tar.gz"), QuestDbRoots.sourceJar());
        Tarball openSource = Distributions.target(host.coordinatorDir());
        Path enterprise = host.coordinatorDir().resolve("enterprise-shaped/questdb.jar");
        Distributions.enterpriseShapedJar(host.coordinatorDir());

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            calls.upload(older);
            Finished downgrade = calls.run("stage-1", Specs.stage(older.sha256(), AgentHostFixture.SOURCE_VERSION))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("version_backwards", downgrade.reason(), downgrade.operation().getFailure().toString());
            assertTrue(downgrade.operation().getFailure().getMessage().startsWith("the distribution is QuestDB 8.1.4, older than the "
                    + "installed 9.2.2: qfleet does not downgrade"), downgrade.operation().getFailure().getMessage());

            Files.copy(enterprise, installed, StandardCopyOption.REPLACE_EXISTING);
            SortedMap<String, String> opt = host.optTree();
            calls.upload(openSource);
            Finished backToOpenSource = calls.run("stage-2", Specs.stage(openSource.sha256(), Distributions.TARGET_VERSION))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("edition_backwards", backToOpenSource.reason(), backToOpenSource.operation().getFailure().toString());
            assertEquals(opt, host.optTree(), "no staged dir left, the install dir as it was");
        }
    }

    @Test
    void truncatedJarIsRefusedAsCorrupt() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        Tarball truncated = Distributions.truncatedJar(host.coordinatorDir());
        SortedMap<String, String> opt = host.optTree();

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            calls.upload(truncated);
            Finished stage = calls.run("stage-1", Specs.stage(truncated.sha256(), Distributions.TARGET_VERSION))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("corrupt_jar", stage.reason(), stage.operation().getFailure().toString());
            assertEquals(opt, host.optTree(), "the refused distribution leaves nothing behind");
        }
    }

    private static String hostileEntry(Hostile kind) {
        return switch (kind) {
            case ABSOLUTE_PATH -> "/opt/outside/absolute.txt' is an absolute path";
            case DOT_DOT -> "'" + Distributions.TOP + "../../outside/dotdot.txt'";
            case SYMLINK_OUT -> "'" + Distributions.TOP + "lib' is a symlink";
            case SYMLINK_OUT_AFTER_STRIP -> "'" + Distributions.TOP + "data' is a symlink";
        };
    }
}
