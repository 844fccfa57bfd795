package io.qfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.process.ProcessFinder;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentCalls.Finished;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.AgentProcess;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.Distributions.Tarball;
import io.qfleet.agent.testing.EventWatch;
import io.qfleet.agent.testing.Processes;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.agent.testing.Specs;
import io.qfleet.agent.testing.UploadCall;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shaded agent as a real process over Netty: the migration, kill -9 of the agent while the
 * QuestDB it started runs, a restart that still knows every operation, and refused settings.
 */
class AgentProcessIT {
    private static final List<String> STEPS = List.of("stage-1", "inventory-1", "stop-1", "swap-1", "start-1", "gate-1", "verify-1");

    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;
    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() {
        agents.forEach(AgentProcess::close);
    }

    @Test
    void agentProcessMigratesAHostAndSurvivesKill9WithoutTakingQuestDbDown() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        host.startSeededSource();
        Tarball target = Distributions.target(host.coordinatorDir());
        Path settings = Files.writeString(host.dir().resolve("agent.yaml"), host.settingsYaml());

        AgentProcess first = started(AgentProcess.start(settings, host.dir(), "agent-1"));
        AgentCalls calls = first.calls();
        HostFacts before = calls.facts();
        assertTrue(before.getQuestdbRunning(), before.toString());
        assertEquals(AgentHostFixture.SOURCE_VERSION, before.getQuestdbVersion());

        calls.upload(target);
        calls.run("stage-1", Specs.stage(target.sha256(), Distributions.TARGET_VERSION)).requireSucceeded();
        long rows = calls.run("inventory-1", Specs.inventory()).requireSucceeded().operation().getResult().getInventory().getTotalRows();
        calls.run("stop-1", Specs.stop()).requireSucceeded();
        calls.run("swap-1", Specs.swap("stage-1")).requireSucceeded();
        long questdb = calls.run("start-1", Specs.start()).requireSucceeded().operation().getResult().getStart().getPid();
        calls.run("gate-1", Specs.healthGate(Distributions.TARGET_VERSION, 120)).requireSucceeded();
        Operation verified = calls.run("verify-1", Specs.verify("inventory-1")).requireSucceeded().operation();
        assertEquals(rows, verified.getResult().getVerify().getTotalRows());

        first.kill();
        assertFalse(Processes.gone(questdb), "QuestDB outlives the agent that started it");
        assertEquals(Optional.of(questdb), ProcessFinder.findQuestDb(host.root()).map(ProcessHandle::pid));

        AgentProcess second = started(AgentProcess.start(settings, host.dir(), "agent-2"));
        AgentCalls again = second.calls();
        List<Operation> listed = again.list();
        assertEquals(STEPS, listed.stream().map(Operation::getOperationId).toList(), "every operation survives the restart");
        assertTrue(listed.stream().allMatch(o -> o.getState() == OperationState.OPERATION_STATE_SUCCEEDED), listed.toString());
        assertEquals(verified, again.get("verify-1"), "results too");
        assertEquals(verified.getLastSequence(), again.watch("verify-1", 1).size());

        HostFacts after = again.facts();
        assertTrue(after.getQuestdbRunning(), after.toString());
        assertEquals(questdb, after.getQuestdbPid(), "the same server, not restarted");
        assertEquals(Distributions.TARGET_VERSION, after.getQuestdbVersion());
        assertEquals(AgentIT.distribution(Distributions.TARGET_VERSION), after.getInstalled());
        assertEquals(AgentHostFixture.seededRowCounts(), host.rowCounts());

        // The restarted agent still controls the server its predecessor started.
        Operation stopped = again.run("stop-2", Specs.stop()).requireSucceeded().operation();
        assertTrue(stopped.getResult().getStop().getWasRunning());
        assertTrue(Processes.gone(questdb));
        assertFalse(again.facts().getQuestdbRunning());
    }

    @Test
    void agentKilledMidUploadAndMidOperationResumesTheUploadAndReportsTheOperationFailed() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        long pid = host.startSource();
        Tarball target = Distributions.target(host.coordinatorDir());
        Path settings = Files.writeString(host.dir().resolve("agent.yaml"), host.settingsYaml());

        AgentProcess first = started(AgentProcess.start(settings, host.dir(), "agent-1"));
        AgentCalls calls = first.calls();
        long half = target.size() / 2;
        UploadCall upload = calls.openUpload(target.fileName(), target.size(), target.sha256());
        AgentCalls.sendFile(upload, target.file(), 0, half);
        calls.awaitUploadBytes(target.sha256(), half);
        Processes.freeze(pid); // the health gate below keeps polling until the agent dies
        calls.start("gate-1", Specs.healthGate(AgentHostFixture.SOURCE_VERSION, 120));
        EventWatch watch = calls.watchAsync("gate-1", 1);
        assertEquals(OperationState.OPERATION_STATE_RUNNING, watch.next(Duration.ofSeconds(30)).getState());
        first.kill();
        Processes.thaw(pid);

        AgentProcess second = started(AgentProcess.start(settings, host.dir(), "agent-2"));
        AgentCalls again = second.calls();
        Finished gate = again.await("gate-1").require(OperationState.OPERATION_STATE_FAILED);
        assertEquals("agent_restarted", gate.reason(), "never resumed silently");
        assertTrue(gate.operation().getFailure().getRetryable());

        assertEquals(half, again.getUpload(target.sha256()).getBytesReceived(), "what arrived before the kill is kept");
        again.upload(target);
        assertTrue(again.getUpload(target.sha256()).getComplete());
        again.run("stage-1", Specs.stage(target.sha256(), Distributions.TARGET_VERSION)).requireSucceeded();

        HostFacts facts = again.facts();
        assertEquals(pid, facts.getQuestdbPid(), "QuestDB untouched by the agent's death");
        assertEquals(AgentHostFixture.SOURCE_VERSION, facts.getQuestdbVersion());

        second.close(); // SIGTERM: a graceful agent stop leaves QuestDB running too
        assertEquals(Optional.of(pid), ProcessFinder.findQuestDb(host.root()).map(ProcessHandle::pid));
    }

    static List<Arguments> badSettings() {
        return List.of(
                Arguments.of("unknown top-level key", (Edit) yaml -> yaml.replace("plaintext: true\n", "plaintext: true\ncolour: blue\n"),
                        "agent.yaml:4: unknown key 'colour'"),
                Arguments.of("unknown questdb key", (Edit) yaml -> yaml.replace("  run: direct\n", "  run: direct\n  pid_file: /run/q.pid\n"),
                        "agent.yaml:10: unknown key 'questdb.pid_file'"),
                Arguments.of("missing questdb.root", (Edit) yaml -> yaml.replaceAll("(?m)^  root: .*\n", ""),
                        "agent.yaml: missing key 'questdb.root'"),
                Arguments.of("neither plaintext nor tls", (Edit) yaml -> yaml.replace("plaintext: true\n", ""),
                        "agent.yaml: missing key 'tls' (the agent serves TLS only"),
                Arguments.of("plaintext on a non-loopback address", (Edit) yaml -> yaml.replace("listen: 127.0.0.1:0", "listen: 0.0.0.0:0"),
                        "agent.yaml: listen: 0.0.0.0 is not a loopback address"),
                Arguments.of("state_dir at /", (Edit) yaml -> yaml.replaceFirst("(?m)^state_dir: .*$", "state_dir: /"),
                        "agent.yaml: state_dir: / is a system directory"),
                Arguments.of("backup_dir inside the root", (Edit) yaml -> yaml.replaceFirst("(?m)^backup_dir: .*$", "backup_dir: "
                        + yaml.lines().filter(l -> l.startsWith("  root: ")).findFirst().orElseThrow().substring(8) + "/backups"),
                        "which a restore moves aside"),
                Arguments.of("fs_store_dirs inside the root", (Edit) yaml -> yaml.replaceFirst("(?m)^  fs_store_dirs: .*$",
                        "  fs_store_dirs: [" + Path.of(yaml.lines().filter(l -> l.startsWith("  root: ")).findFirst().orElseThrow()
                                .substring(8)).resolve("db") + "]"), "/root/db overlaps questdb.root"),
                Arguments.of("a unit name that reads as an option", (Edit) yaml -> yaml.replaceFirst(
                        "(?m)^  run: direct\n  java: .*\n  jvm_args: .*\n", "  run: systemd\n  unit: --all\n"),
                        "agent.yaml: questdb.unit: '--all' is not a service unit name"));
    }

    interface Edit {
        String apply(String yaml);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void badSettingsStopTheAgentWithExitCode2AndOneLine(String name, Edit edit, String expected) throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        Path settings = Files.writeString(host.dir().resolve("agent.yaml"), edit.apply(host.settingsYaml()));

        AgentProcess agent = started(AgentProcess.launch(settings, host.dir(), "agent"));
        assertEquals(2, agent.awaitExit(Duration.ofSeconds(30)), name);
        List<String> stderr = agent.stderrLines();
        assertEquals(1, stderr.size(), "one line on stderr: " + stderr);
        assertTrue(stderr.get(0).startsWith("qfleet-agent: " + host.dir()), stderr.get(0));
        assertTrue(stderr.get(0).contains(expected), "expected '" + expected + "' in: " + stderr.get(0));
    }

    private AgentProcess started(AgentProcess agent) {
        agents.add(agent);
        return agent;
    }
}
