package io.qfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentCalls.Finished;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.AgentProcess;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.Distributions.Tarball;
import io.qfleet.agent.testing.FakeSystemctl;
import io.qfleet.agent.testing.Processes;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.agent.testing.Specs;
import io.qfleet.proto.agent.v1.Edition;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.OperationEvent;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.StopResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent process with {@code questdb.run: systemd} against {@link FakeSystemctl} (standing
 * in for systemd as PID 1) whose unit runs a real QuestDB: the 8.1.4 -> 9.2.2 migration through
 * {@code systemctl}, and the drop-in an Enterprise-shaped distribution gets and its revert.
 */
class SystemdIT {
    private static final String UNIT = "questdb.service";
    private static final Duration READY = Duration.ofSeconds(90);

    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;
    private final List<AgentProcess> agents = new ArrayList<>();
    private FakeSystemctl systemd;

    /** Runs before QuestDbStopper: the unit is stopped through the fake, so Restart=always cannot bring it back. */
    @AfterEach
    void stopAgentsAndUnit() {
        agents.forEach(AgentProcess::close);
        if (systemd != null) {
            systemd.close();
        }
    }

    @Test
    void anAgentRunningQuestDbThroughItsUnitMigrates814To922() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp.resolve("host"), stopper);
        AgentCalls calls = agentOnUnitRunHost(host);
        Tarball target = Distributions.target(host.coordinatorDir());

        HostFacts before = calls.facts();
        assertTrue(before.getQuestdbRunning(), before.toString());
        long oldPid = systemd.mainPid();
        assertEquals(oldPid, before.getQuestdbPid(), "the unit's MainPID");
        assertEquals(AgentHostFixture.SOURCE_VERSION, before.getQuestdbVersion());

        calls.upload(target);
        calls.run("stage-1", Specs.stage(target.sha256(), Distributions.TARGET_VERSION)).requireSucceeded();
        long rows = calls.run("inventory-1", Specs.inventory()).requireSucceeded().operation().getResult().getInventory().getTotalRows();
        StopResult stop = calls.run("stop-1", Specs.stop()).requireSucceeded().operation().getResult().getStop();
        assertTrue(stop.getWasRunning());
        assertEquals(143, stop.getExitCode(), "QuestDB's graceful exit, as systemd recorded it");
        assertTrue(Processes.gone(oldPid));
        assertEquals("inactive", systemd.activeState());

        calls.run("swap-1", Specs.swap("stage-1")).requireSucceeded();
        assertFalse(Files.exists(systemd.dropInDir()), "Open Source to Open Source: the unit stays as it is");
        long newPid = calls.run("start-1", Specs.start()).requireSucceeded().operation().getResult().getStart().getPid();
        assertEquals(systemd.mainPid(), newPid);
        calls.run("gate-1", Specs.healthGate(Distributions.TARGET_VERSION, 120)).requireSucceeded();
        assertEquals(rows, calls.run("verify-1", Specs.verify("inventory-1")).requireSucceeded().operation().getResult().getVerify()
                .getTotalRows());
        assertEquals(AgentHostFixture.seededRowCounts(), host.rowCounts());
        assertEquals(List.of("daemon-reload", "start questdb.service", "stop questdb.service", "start questdb.service"),
                systemd.calls().stream().filter(c -> !c.startsWith("show")).toList(), "everything went through systemctl");

        Finished stop2 = calls.run("stop-2", Specs.stop()).requireSucceeded();
        assertTrue(stop2.operation().getResult().getStop().getWasRunning());
        assertTrue(Processes.gone(newPid));
        assertFalse(calls.facts().getQuestdbRunning());
    }

    @Test
    void anEnterpriseDistributionGetsADropInThatTheRevertRemoves() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp.resolve("host"), stopper);
        AgentCalls calls = agentOnUnitRunHost(host);
        Tarball enterprise = Distributions.enterpriseShapedJar(host.coordinatorDir());
        Path dropIn = systemd.dropInDir().resolve("qfleet-edition.conf");

        calls.upload(enterprise);
        Finished stage = calls.run("stage-1", Specs.stage(enterprise.sha256(), Distributions.TARGET_VERSION)).requireSucceeded();
        assertEquals(Edition.EDITION_ENTERPRISE, stage.operation().getResult().getStage().getDistribution().getEdition());
        calls.run("inventory-1", Specs.inventory()).requireSucceeded();
        calls.run("stop-1", Specs.stop()).requireSucceeded();

        Finished swap = calls.run("swap-1", Specs.swap("stage-1")).requireSucceeded();
        assertTrue(messages(swap).stream().anyMatch(m -> m.contains("wrote " + dropIn)), messages(swap).toString());
        String execStart = QuestDbRoots.javaExecutable() + " " + String.join(" ", QuestDbRoots.jvmArgs())
                + " --add-opens java.base/java.lang=io.questdb,com.questdb -p " + host.installDir().resolve("questdb.jar")
                + " -m com.questdb/com.questdb.EntServerMain -d ${QDB_ROOT}";
        assertEquals(List.of("[Service]", "ExecStart=", "ExecStart=" + execStart),
                Files.readAllLines(dropIn).stream().filter(l -> !l.startsWith("#")).toList());
        assertEquals(2, systemd.count("daemon-reload"), "systemd reads a drop-in only after a reload");
        String unitFile = Files.readString(systemd.unitFile());
        assertEquals(FakeSystemctl.questDbUnit(host.installDir(), host.root()), unitFile, "the operator's unit file is not edited");

        // The unit now launches the Enterprise main, which this jar cannot provide: the start or the gate fails.
        Finished start = calls.run("start-1", Specs.start());
        if (start.state() == OperationState.OPERATION_STATE_SUCCEEDED) {
            Finished gate = calls.run("gate-1", Specs.healthGate(Distributions.TARGET_VERSION, 120))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("questdb_exited", gate.reason(), gate.operation().getFailure().toString());
            assertTrue(gate.operation().getFailure().getMessage().contains("journalctl -u questdb.service"));
        } else {
            assertEquals("questdb_start_failed", start.reason(), start.operation().getFailure().toString());
        }
        assertTrue(systemd.journal().contains("Module com.questdb not found"), "the drop-in's ExecStart ran");

        calls.run("revert-1", Specs.revertSwap("swap-1")).requireSucceeded();
        assertFalse(Files.exists(dropIn));
        assertEquals(3, systemd.count("daemon-reload"));
        assertEquals("inactive", systemd.activeState(), "the restart loop was stopped before the binaries went back");
        calls.run("start-2", Specs.start()).requireSucceeded();
        calls.run("gate-2", Specs.healthGate(AgentHostFixture.SOURCE_VERSION, 120)).requireSucceeded();
        calls.run("verify-2", Specs.verify("inventory-1")).requireSucceeded();
        assertEquals(AgentHostFixture.seededRowCounts(), host.rowCounts());
    }

    /** The host's QuestDB 8.1.4 started and seeded by its unit, and an agent process configured with run: systemd. */
    private AgentCalls agentOnUnitRunHost(AgentHostFixture host) throws Exception {
        systemd = FakeSystemctl.install(tmp.resolve("systemd"), UNIT, FakeSystemctl.questDbUnit(host.installDir(), host.root()));
        systemd.run("start", UNIT);
        QuestDbRoots.awaitReady(host.root(), Optional::empty, READY);
        host.seed();
        String yaml = host.settingsYaml().replaceFirst("(?m)^  run: direct\n  java: .*\n  jvm_args: .*\n",
                Matcher.quoteReplacement(systemd.questDbRunYaml()));
        assertTrue(yaml.contains("run: systemd"), yaml);
        Path settings = Files.writeString(host.dir().resolve("agent.yaml"), yaml);
        AgentProcess agent = AgentProcess.start(settings, host.dir(), "agent");
        agents.add(agent);
        return agent.calls();
    }

    private static List<String> messages(Finished finished) {
        return finished.events().stream().map(OperationEvent::getMessage).toList();
    }
}
