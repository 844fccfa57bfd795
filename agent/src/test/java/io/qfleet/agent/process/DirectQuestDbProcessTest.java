package io.qfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start/stop semantics against shells posing as QuestDB ({@code sh -c script -p jar -m main -d root}). */
class DirectQuestDbProcessTest {
    private static final Path JAR = Path.of("questdb.jar");
    private final List<Long> pids = new ArrayList<>();
    @TempDir
    Path tmp;

    @AfterEach
    void killFakes() {
        // fakes only: a real QuestDB is never killed
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        }));
    }

    private DirectQuestDbProcess fake(String script) {
        return new DirectQuestDbProcess(new QuestDbLaunch(Path.of("/bin/sh"), List.of("-c", script),
                tmp.resolve("root/nested"), tmp.resolve("logs/questdb.log")));
    }

    private long start(DirectQuestDbProcess process) {
        long pid = process.start(JAR, null, QuestDbLaunch.OSS_MAIN);
        pids.add(pid);
        return pid;
    }

    /** The script's trap is installed once it printed "ready"; a SIGTERM before that just kills the shell. */
    private static void awaitReady(DirectQuestDbProcess process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!process.logTail(1).orElse("").equals("ready")) {
            assertTrue(System.nanoTime() < deadline, "fake did not print ready");
            Thread.sleep(10);
        }
    }

    @Test
    void startsFindsRefusesSecondStartAndStops() throws Exception {
        DirectQuestDbProcess process = fake("trap 'echo stopping; exit 143' TERM; echo ready; while :; do sleep 0.1; done");
        long pid = start(process);
        awaitReady(process);
        assertTrue(Files.isDirectory(tmp.resolve("root/nested")), "root created");
        assertEquals(Optional.of(pid), process.runningPid());
        assertEquals(Optional.empty(), process.exitCodeIfExited());

        AgentException e = assertThrows(AgentException.class, () -> fake("exit 0").start(JAR, null, QuestDbLaunch.OSS_MAIN));
        assertEquals("questdb_running", e.reason());
        assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());

        StopResult stop = process.stop(Duration.ofSeconds(10));
        assertTrue(stop.wasRunning());
        assertEquals(143, stop.exitCode());
        assertTrue(stop.clean());
        assertEquals(Optional.empty(), process.runningPid());
        assertEquals(new StopResult(false, null, 0), process.stop(Duration.ofSeconds(1)));
        assertEquals(Optional.of("ready\nstopping"), process.logTail(10));
    }

    @Test
    void reportsAnEarlyExitAndAppendsToTheLog() throws Exception {
        Files.createDirectories(tmp.resolve("logs"));
        Files.writeString(tmp.resolve("logs/questdb.log"), "previous run\n");
        DirectQuestDbProcess process = fake("echo 'Root directory does not exist' >&2; exit 55");
        assertEquals(Optional.empty(), process.exitCodeIfExited());
        start(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (process.exitCodeIfExited().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Optional.of(55), process.exitCodeIfExited());
        assertEquals(Optional.of("previous run\nRoot directory does not exist"), process.logTail(5));
        assertEquals(Optional.of("Root directory does not exist"), process.logTail(1));
    }

    @Test
    void stopsAProcessItDidNotStart() throws Exception {
        DirectQuestDbProcess starter = fake("trap 'exit 0' TERM; echo ready; while :; do sleep 0.1; done");
        long pid = start(starter);
        awaitReady(starter);
        DirectQuestDbProcess other = fake("unused");
        assertEquals(Optional.of(pid), other.runningPid());
        StopResult stop = other.stop(Duration.ofSeconds(10));
        assertTrue(stop.wasRunning());
        assertEquals(null, stop.exitCode(), "unknown for a process we did not start");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void timeoutNeverKills() throws Exception {
        DirectQuestDbProcess process = fake("trap '' TERM; echo ready; while :; do sleep 0.1; done");
        long pid = start(process);
        awaitReady(process);
        AgentException e = assertThrows(AgentException.class, () -> process.stop(Duration.ofMillis(500)));
        assertEquals("stop_timeout", e.reason());
        assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());
        assertEquals("QuestDB (pid " + pid + ") did not stop within 0.5s after SIGTERM; not killing it (kill -9 can corrupt an"
                + " open-source database); stop it by hand or raise the timeout", e.getMessage());
        assertTrue(ProcessHandle.of(pid).orElseThrow().isAlive());
    }

    @Test
    void logTailReadsOnlyTheEnd(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("big.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);
        assertTrue(Files.size(log) > LogTail.MAX_BYTES);
        assertEquals(Optional.of("line 19998\nline 19999"), LogTail.read(log, 2));
        String all = LogTail.read(log, 1_000_000).orElseThrow();
        assertTrue(all.length() <= LogTail.MAX_BYTES && all.startsWith("line ") && all.endsWith("line 19999"));
        assertEquals(Optional.empty(), LogTail.read(dir.resolve("missing.log"), 5));
        assertThrows(IllegalArgumentException.class, () -> LogTail.read(log, 0));
    }
}
