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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The stage step refusing what must never be installed, while QuestDB keeps serving. */
class AgentStagingIT {
    /** In 8.1.4's key list, not in 9.2.2's. */
    private static final String DROPPED_KEY = "line.tcp.symbol.cache.wait.us.before.reload";
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

    /**
     * A key 8.1.4 runs with and 9.2.2 no longer knows, under strict validation: refused while staging, before the
     * stop, where the first start of 9.2.2 would have exited 55 after it. The same file without the key stages.
     */
    @Test
    void serverConfKeyTheTargetDroppedIsRefusedWhileStaging() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        Path conf = host.root().resolve("conf/server.conf");
        // without the fixture's mat.view.refresh.worker.count: a 9.x key 8.1.4 itself refuses under strict validation
        String kept = Files.readString(conf).replace("mat.view.refresh.worker.count=0\n", "") + "config.validation.strict=true\n";
        Files.writeString(conf, kept + DROPPED_KEY + "=500\n");
        long pid = host.startSource(); // 8.1.4 serves with the key
        Tarball target = Distributions.target(host.coordinatorDir());
        SortedMap<String, String> opt = host.optTree();
        assertEquals(55, exitOfTargetOn(kept + DROPPED_KEY + "=500\n"), "9.2.2 refuses to start on the key");
        assertTrue(Files.readString(tmp.resolve("target-root.log")).contains("(not recognized, probable typos):\n        * "
                + DROPPED_KEY + "\n"), "for that key alone");

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            calls.upload(target);
            Finished refused = calls.run("stage-1", Specs.stage(target.sha256(), Distributions.TARGET_VERSION))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("server_conf_keys_removed", refused.reason(), refused.operation().getFailure().toString());
            assertEquals(conf.toRealPath() + " sets " + DROPPED_KEY + ", which QuestDB 9.2.2 no longer knows: with"
                    + " config.validation.strict=true its first start would exit 55 after the stop; remove it (or set"
                    + " config.validation.strict=false) and stage again", refused.operation().getFailure().getMessage());
            assertEquals(opt, host.optTree(), "no staged dir left, the install dir as it was");
            assertEquals(pid, calls.facts().getQuestdbPid(), "QuestDB still serving");

            Files.writeString(conf, kept);
            calls.run("stage-2", Specs.stage(target.sha256(), Distributions.TARGET_VERSION))
                    .require(OperationState.OPERATION_STATE_SUCCEEDED);
        }
    }

    /** The exit code of QuestDB 9.2.2 started on a fresh root with {@code conf}: 55 when its validation refuses it. */
    private int exitOfTargetOn(String conf) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("target-root/conf")).getParent();
        Files.writeString(root.resolve("conf/server.conf"), conf);
        Process process = new ProcessBuilder(QuestDbRoots.launch(root).command(QuestDbRoots.targetJar(), null, QuestDbRoots.MAIN))
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("target-root.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly(); // our own child: it was meant to exit at once
            throw new AssertionError("QuestDB 9.2.2 kept running on " + root + ": " + Files.readString(tmp.resolve("target-root.log")));
        }
        return process.exitValue();
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
