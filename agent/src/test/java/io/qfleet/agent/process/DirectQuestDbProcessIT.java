package io.qfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.BuildInfo;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.questdb.TableInfo;
import io.qfleet.agent.questdb.WalTableState;
import io.qfleet.agent.testing.QuestDbRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real QuestDB 8.1.4 and 9.2.2 children: start, inspect, SIGTERM, in-place upgrade, foreign process. */
class DirectQuestDbProcessIT {
    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);
    private final List<DirectQuestDbProcess> started = new ArrayList<>();
    private final List<Process> foreign = new ArrayList<>();
    @TempDir
    Path tmp;

    /** Every server a test started is stopped, also when it failed; one that lingers fails the test. */
    @AfterEach
    void stopAll() throws Exception {
        List<String> lingering = new ArrayList<>();
        for (DirectQuestDbProcess p : started) {
            try {
                p.stop(STOP);
            } catch (AgentException e) {
                lingering.add(e.getMessage());
            }
        }
        for (Process p : foreign) {
            p.destroy();
            if (!p.waitFor(STOP.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly(); // our own test child: do not leak it past the build
                lingering.add("pid " + p.pid() + " ignored SIGTERM");
            }
        }
        for (DirectQuestDbProcess p : started) {
            p.runningPid().ifPresent(pid -> lingering.add("pid " + pid + " still runs on " + p.launch().questdbRoot()));
        }
        if (!lingering.isEmpty()) {
            fail("QuestDB processes lingered: " + lingering);
        }
    }

    @Test
    void runsInspectsStopsAndUpgradesInPlaceFrom814To922() throws Exception {
        Path root = QuestDbRoots.create(tmp.resolve("root"));
        DirectQuestDbProcess questdb = new DirectQuestDbProcess(QuestDbRoots.launch(root));
        started.add(questdb);
        QuestDbSql sql = QuestDbRoots.sql(root);

        long pid = startTimed(questdb, QuestDbRoots.sourceJar(), "8.1.4");
        BuildInfo build = sql.build();
        System.out.println("8.1.4 build(): " + build.raw());
        assertEquals("8.1.4", build.version());
        assertEquals(Edition.OPEN_SOURCE, build.edition());

        execute(root, "CREATE TABLE w AS (SELECT x, timestamp_sequence(0, 1000000) ts FROM long_sequence(1000)) TIMESTAMP(ts) PARTITION BY DAY WAL");
        execute(root, "CREATE TABLE \"plain t-1\" AS (SELECT x FROM long_sequence(10))");
        awaitWalApplied(sql, "w");
        assertInventory(sql);

        Map<String, String> roots = sql.roots(root);
        System.out.println("8.1.4 roots(): " + roots);
        assertEquals(root.toAbsolutePath().resolve("db").toString(), roots.get("db"));
        assertEquals(root.toAbsolutePath().resolve("import").toString(), roots.get("sql_copy_input"));

        assertEquals(Optional.of(pid), ProcessFinder.findQuestDb(root).map(ProcessHandle::pid));
        assertEquals(Optional.empty(), ProcessFinder.findQuestDb(Files.createDirectories(tmp.resolve("other"))));
        assertEquals(Optional.of(pid), questdb.runningPid());

        StopResult stop = questdb.stop(STOP);
        System.out.println("8.1.4 stop: " + stop);
        assertTrue(stop.wasRunning());
        assertEquals(143, stop.exitCode());
        assertTrue(stop.stopMillis() < STOP.toMillis());
        assertEquals(Optional.empty(), questdb.runningPid());

        // The in-place upgrade: same root, the 9.2.2 jar.
        startTimed(questdb, QuestDbRoots.targetJar(), "9.2.2");
        build = sql.build();
        System.out.println("9.2.2 build(): " + build.raw());
        assertEquals(new BuildInfo(build.raw(), "9.2.2", Edition.OPEN_SOURCE), build);
        awaitWalApplied(sql, "w");
        assertInventory(sql);
        System.out.println("9.2.2 roots(): " + sql.roots(root));
        assertEquals(root.toAbsolutePath().resolve("db").toString(), sql.roots(root).get("db"));

        stop = questdb.stop(STOP);
        System.out.println("9.2.2 stop: " + stop);
        assertEquals(new StopResult(true, 143, stop.stopMillis()), stop);
        assertTrue(questdb.logTail(200).orElseThrow().contains("EngineMigration"), "9.2.2 migrated the 8.1.4 root");
    }

    @Test
    void findsAndStopsAServerSomeoneElseStarted() throws Exception {
        Path root = QuestDbRoots.create(tmp.resolve("foreign"));
        Files.createDirectories(root.resolve("log"));
        List<String> command = new ArrayList<>(List.of(QuestDbRoots.javaExecutable().toString()));
        command.addAll(QuestDbRoots.jvmArgs());
        command.addAll(List.of("-p", QuestDbRoots.targetJar().toString(), "-m", QuestDbRoots.MAIN, "-d", root.toString()));
        Process operator = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("log/questdb.log").toFile())).start();
        foreign.add(operator);
        QuestDbRoots.awaitReady(root, () -> operator.isAlive() ? Optional.empty() : Optional.of(operator.exitValue()), READY);

        DirectQuestDbProcess questdb = new DirectQuestDbProcess(QuestDbRoots.launch(root));
        assertEquals(Optional.of(operator.pid()), questdb.runningPid());
        assertEquals(Optional.empty(), questdb.exitCodeIfExited(), "not our child");
        AgentException running = assertThrows(AgentException.class, () -> questdb.start(QuestDbRoots.targetJar(), null, QuestDbRoots.MAIN));
        assertEquals("questdb_running", running.reason());

        StopResult stop = questdb.stop(STOP);
        System.out.println("foreign 9.2.2 stop: " + stop);
        assertTrue(stop.wasRunning());
        assertNull(stop.exitCode(), "exit code unknown for a process we did not start");
        assertEquals(143, operator.waitFor(), "but it was a graceful SIGTERM stop");
        assertEquals(Optional.empty(), questdb.runningPid());
    }

    private static long startTimed(DirectQuestDbProcess questdb, Path jar, String label) {
        long t0 = System.nanoTime();
        long pid = QuestDbRoots.startReady(questdb, jar, READY);
        System.out.println(label + " ready in " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        return pid;
    }

    private static void assertInventory(QuestDbSql sql) {
        List<TableInfo> tables = sql.tables();
        System.out.println("tables(): " + tables);
        assertEquals(Set.of(new TableInfo("w", true, "DAY"), new TableInfo("plain t-1", false, "NONE")), Set.copyOf(tables));
        assertEquals(1000, sql.rowCount("w"));
        assertEquals(10, sql.rowCount("plain t-1"));
    }

    private static void awaitWalApplied(QuestDbSql sql, String table) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<WalTableState> wal = sql.walTables();
            Map<String, WalTableState> byName = wal.stream().collect(Collectors.toMap(WalTableState::name, s -> s));
            if (byName.containsKey(table) && byName.get(table).caughtUp()) {
                System.out.println("wal_tables(): " + wal);
                return;
            }
            assertTrue(System.nanoTime() < deadline, "WAL not applied: " + wal);
            Thread.sleep(100);
        }
    }

    private static void execute(Path root, String ddl) throws Exception {
        try (Connection c = DriverManager.getConnection(QuestDbRoots.jdbcUrl(root), QuestDbRoots.USER, QuestDbRoots.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(ddl);
        }
    }
}
