package io.qfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.files.WriteAllowList;
import io.qfleet.agent.files.WriteAllowList.Area;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.agent.testing.FakeSystemctl;
import io.qfleet.agent.testing.Processes;
import io.qfleet.agent.testing.QuestDbRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd mode against {@link FakeSystemctl} running small shell "servers": what the agent asks
 * systemctl, what it concludes, and its one-line errors. QuestDB itself runs in SystemdIT.
 */
class SystemdQuestDbProcessTest {
    private static final String UNIT = "questdb.service";
    private static final Duration STOP = Duration.ofSeconds(30);
    /** Exits 143 on SIGTERM, as QuestDB does. */
    private static final String SERVER = "/bin/sh -c \"trap 'exit 143' TERM; while :; do sleep 0.1; done\"";

    @TempDir
    Path tmp;
    private FakeSystemctl fake;

    @AfterEach
    void stopUnit() {
        if (fake != null) {
            fake.close();
        }
    }

    private static String unit(String execStart, String... extra) {
        return "[Service]\nType=exec\nSuccessExitStatus=143\n" + String.join("\n", extra) + "\nExecStart=" + execStart + "\n";
    }

    private SystemdQuestDbProcess process(String unitText) throws Exception {
        fake = FakeSystemctl.install(tmp.resolve("systemd"), UNIT, unitText);
        return process(fake.executable(), UNIT);
    }

    private SystemdQuestDbProcess process(Path systemctl, String unit) {
        Path root = tmp.resolve("root");
        return new SystemdQuestDbProcess(systemctl, unit, tmp.resolve("systemd/etc/systemd/system").resolve(unit + ".d"), root,
                WriteAllowList.of(List.of(Area.tree("questdb.drop_in_dir", tmp.resolve("systemd/etc/systemd/system/" + unit + ".d")))));
    }

    @Test
    void startAndStopGoThroughSystemctlAndStopWaitsUntilTheMainPidIsGone() throws Exception {
        SystemdQuestDbProcess process = process(unit(SERVER));
        assertEquals(Optional.empty(), process.runningPid());
        process.requireStopped("swapping binaries");

        long pid = process.start(null, null, "ignored/by.systemd");
        assertEquals(fake.mainPid(), pid);
        assertEquals(Optional.of(pid), process.runningPid());
        AgentException running = assertThrows(AgentException.class, () -> process.requireStopped("swapping binaries"));
        assertEquals("questdb_running", running.reason());
        assertTrue(running.getMessage().contains("pid " + pid + ", unit questdb.service"), running.getMessage());

        StopResult stopped = process.stop(STOP);
        assertTrue(stopped.wasRunning());
        assertEquals(143, stopped.exitCode());
        assertTrue(stopped.clean());
        assertTrue(Processes.gone(pid));
        assertEquals("inactive", fake.activeState());
        assertEquals(List.of("daemon-reload", "start questdb.service", "stop questdb.service"),
                fake.calls().stream().filter(c -> !c.startsWith("show")).toList());
        assertFalse(process.stop(STOP).wasRunning(), "stopping a stopped unit is a no-op");
    }

    @Test
    void aKilledMainProcessComesBackSoAUnitWaitingToRestartIsNotStopped() throws Exception {
        SystemdQuestDbProcess process = process(unit(SERVER, "Restart=always", "RestartSec=2"));
        long pid = process.start(null, null, "");
        Processes.signal("-TERM", pid); // what direct mode would do; Restart=always undoes it
        assertTrue(Processes.awaitGone(pid, STOP));
        AgentException waiting = assertThrows(AgentException.class, () -> process.requireStopped("swapping binaries"));
        assertEquals("questdb_running", waiting.reason());
        assertTrue(waiting.getMessage().contains("unit questdb.service is activating (auto-restart) and may start QuestDB by itself"),
                waiting.getMessage());
        long deadline = System.nanoTime() + STOP.toNanos();
        while (process.runningPid().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long again = process.runningPid().orElseThrow();
        assertNotEquals(pid, again, "systemd started it again");
        assertTrue(process.stop(STOP).wasRunning());
        assertTrue(Processes.gone(again));
        Thread.sleep(2500); // longer than RestartSec: a stop through systemctl stays stopped
        assertEquals(Optional.empty(), process.runningPid());
        process.requireStopped("swapping binaries");
    }

    @Test
    void aStopThatOutlivesTheTimeoutFailsAndKillsNothing() throws Exception {
        SystemdQuestDbProcess process = process(unit("/bin/sh -c \"trap '' TERM; while :; do sleep 0.1; done\"", "TimeoutStopSec=4"));
        long pid = process.start(null, null, "");
        AgentException timeout = assertThrows(AgentException.class, () -> process.stop(Duration.ofSeconds(1)));
        assertEquals("stop_timeout", timeout.reason());
        assertTrue(timeout.getMessage().startsWith("unit questdb.service did not stop within 1s"), timeout.getMessage());
        assertFalse(timeout.getMessage().contains("\n"), timeout.getMessage());
        assertFalse(Processes.gone(pid), "the agent kills nothing; what happens next is the unit's TimeoutStopSec");
    }

    @Test
    void aServerThatExitsOnItsOwnReportsItsExitStatus() throws Exception {
        SystemdQuestDbProcess process = process(unit("/bin/sh -c \"sleep 0.5; exit 55\""));
        process.start(null, null, "");
        long deadline = System.nanoTime() + STOP.toNanos();
        while (process.exitCodeIfExited().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(Optional.of(55), process.exitCodeIfExited());
        assertEquals(Optional.empty(), process.runningPid());
        assertEquals("failed", fake.activeState());
        assertTrue(process.outputLocation().contains("journalctl -u questdb.service"), process.outputLocation());
    }

    @Test
    void anUnknownUnitAndAMissingSystemctlAreOneLineErrorsNamingWhatToSet() throws Exception {
        process(unit(SERVER));
        AgentException unknown = assertThrows(AgentException.class, () -> process(fake.executable(), "other.service").runningPid());
        assertEquals("unit_not_found", unknown.reason());
        assertEquals("unit other.service is not loaded (LoadState=not-found); set questdb.unit to the unit that runs QuestDB on this host",
                unknown.getMessage());
        AgentException failedStart = assertThrows(AgentException.class,
                () -> new Systemctl(fake.executable(), "other.service").requireOk(new Systemctl(fake.executable(), "other.service")
                        .query(List.of("start", "other.service"))));
        assertEquals("systemctl start other.service failed (exit 5): Failed to start other.service: Unit other.service not found.",
                failedStart.getMessage());

        Path missing = tmp.resolve("no/systemctl");
        AgentException noBinary = assertThrows(AgentException.class, () -> process(missing, UNIT).runningPid());
        assertEquals("systemctl_failed", noBinary.reason());
        assertTrue(noBinary.getMessage().startsWith("cannot run " + missing + " for unit questdb.service: "), noBinary.getMessage());
        assertTrue(noBinary.getMessage().endsWith("(set questdb.systemctl to the systemctl binary)"), noBinary.getMessage());
    }

    @Test
    void hostFactsReportAnUnknownUnitAsAProblemThroughTheApi() throws Exception {
        process(unit(SERVER));
        Path root = QuestDbRoots.create(tmp.resolve("root"));
        Path install = Files.createDirectories(tmp.resolve("install"));
        AgentSettings settings = new AgentSettings("127.0.0.1", 0, true, tmp.resolve("state"), tmp.resolve("staging"), tmp.resolve("backups"),
                new AgentSettings.QuestDb(root, install, "systemd", Path.of("/unused/java"), List.of(), "admin", null,
                        new AgentSettings.Systemd("other.service", fake.executable(), tmp.resolve("systemd/etc/systemd/system/other.service.d"))));
        try (InProcessAgent agent = InProcessAgent.start(settings)) {
            HostFacts facts = agent.calls().facts();
            assertFalse(facts.getQuestdbRunning());
            assertTrue(facts.getProblemsList().contains("unit other.service is not loaded (LoadState=not-found); set questdb.unit to the"
                    + " unit that runs QuestDB on this host"), facts.getProblemsList().toString());
        }
    }

    @Test
    void anEnterpriseMainGetsADropInThatSystemdReadsAfterAReloadAndRevertRemovesIt() throws Exception {
        String oss = "/usr/bin/java --add-opens java.base/java.lang=io.questdb -m io.questdb/io.questdb.ServerMain -d /var/lib/questdb";
        SystemdQuestDbProcess process = process(unit(oss));
        Path dropIn = fake.dropInDir().resolve("qfleet-edition.conf");

        assertEquals(Optional.empty(), process.prepareLaunch(EditionExecStart.OSS_MAIN), "same edition: nothing to change");
        assertFalse(Files.exists(dropIn));
        String changed = process.prepareLaunch(EditionExecStart.ENTERPRISE_MAIN).orElseThrow();
        assertTrue(changed.contains("wrote " + dropIn), changed);
        assertEquals(List.of("[Service]", "ExecStart=",
                "ExecStart=/usr/bin/java --add-opens java.base/java.lang=io.questdb,com.questdb -m com.questdb/com.questdb.EntServerMain"
                        + " -d /var/lib/questdb"),
                Files.readAllLines(dropIn).stream().filter(l -> !l.startsWith("#")).toList());
        assertEquals(2, fake.count("daemon-reload"), "the install's reload and the drop-in's");
        assertEquals(Optional.of("/usr/bin/java --add-opens java.base/java.lang=io.questdb,com.questdb -m com.questdb/com.questdb.EntServerMain"
                + " -d /var/lib/questdb"), UnitExecStart.effective(fake.run("cat", UNIT)));
        assertEquals(Optional.empty(), process.prepareLaunch(EditionExecStart.ENTERPRISE_MAIN), "already Enterprise: idempotent");

        assertEquals(Optional.of("removed " + dropIn + " and reloaded systemd"), process.revertLaunch());
        assertFalse(Files.exists(dropIn));
        assertEquals(3, fake.count("daemon-reload"));
        assertEquals(Optional.of(oss), UnitExecStart.effective(fake.run("cat", UNIT)));
        assertEquals(Optional.empty(), process.revertLaunch());
        assertEquals(3, fake.count("daemon-reload"), "nothing removed, nothing reloaded");
    }

    @Test
    void aDropInDirOutsideTheAllowListIsRefusedBeforeAnythingIsWritten() throws Exception {
        SystemdQuestDbProcess process = process(unit("/usr/bin/java -m io.questdb/io.questdb.ServerMain -d /r"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        // After the agent started, the drop-in dir (absent then) appears as a symlink leading out.
        Path link = Files.createSymbolicLink(fake.dropInDir(), elsewhere);
        AgentException refused = assertThrows(AgentException.class, () -> process.prepareLaunch(EditionExecStart.ENTERPRISE_MAIN));
        assertEquals("path_not_allowed", refused.reason());
        assertTrue(refused.getMessage().contains("resolves to " + elsewhere.resolve("qfleet-edition.conf")), refused.getMessage());
        assertEquals(List.of(), Files.list(elsewhere).toList());
        assertEquals(1, fake.count("daemon-reload"));
        assertTrue(Files.isSymbolicLink(link));
    }
}
