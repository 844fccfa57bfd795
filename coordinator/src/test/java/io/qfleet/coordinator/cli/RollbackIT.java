package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.client.AgentOperation;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import io.qfleet.coordinator.workflow.Step;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way back once the new binaries have run, black box, on two real hosts (QuestDB 8.1.4 with data,
 * a real agent process each): a verify that fails after the first start of 9.2.2 rolls the host back
 * from its backup, even across a coordinator killed mid-rollback; the operator rolls a migrated host
 * back; finalize frees exactly what the run kept, and then no rollback is possible. Every case ends
 * with the host's tables and row counts read over PG wire equal to what they were before the run.
 *
 * <p>The fault is real: while {@code qfleet run} (a real process) is frozen with SIGSTOP right after 9.2.2
 * was launched (the health gate's start is journaled), the test waits until 9.2.2 serves (its metadata
 * migrated) and drops a table over PG wire; thawed, the coordinator's verify finds the table missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackIT {
    private static final long ROWS = 20_000;
    private static final String SOURCE = DemoResources.SOURCE_VERSION;
    private static final String TARGET = DemoResources.TARGET_VERSION;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
    private static final List<String> FLEET_LOG = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    private static LocalFleet fleet;
    private static PackedDistribution target;
    private static DemoHost one;
    private static DemoHost two;
    private static final List<QfleetProcess> STARTED = new ArrayList<>();

    @BeforeAll
    static void startFleet() {
        DemoResources resources = DemoResources.locate();
        fleet = LocalFleet.create(resources, 2, ROWS, shared.resolve("fleet"), FLEET_LOG::add);
        one = fleet.hosts().get(0);
        two = fleet.hosts().get(1);
        target = DistributionPacker.pack(resources.targetJar(), TARGET, shared.resolve("dist"));
    }

    @AfterAll
    static void stopFleet() {
        try {
            STARTED.stream().filter(QfleetProcess::alive).forEach(QfleetProcess::kill);
            if (fleet != null) {
                fleet.close();
                for (DemoHost host : List.of(one, two)) {
                    assertEquals(List.of(), HostSnapshot.servingPids(host.root()), host.name() + ": QuestDB left running");
                }
            }
        } finally {
            FLEET_LOG.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    @Test
    @Order(1)
    void aVerifyThatFailsAfterTheFirstStartRollsBackFromTheBackupAcrossACoordinatorCrash() throws Exception {
        Path fleetFile = FleetYaml.write(fleet.agentsYaml(), Files.createDirectories(shared.resolve("one")).resolve("fleet.yaml"), target, List.of(one), "");
        JournalTail journal = JournalTail.besides(fleetFile);
        HostSnapshot before = HostSnapshot.take(one);
        assertEquals(SOURCE, before.version());
        assertTrue(before.rows().containsKey("sensors"), before.rows().toString());

        QfleetProcess run = start("run", "run", "-f", fleetFile.toString(), "--output", "json");
        // The health gate's start is journaled once the start of 9.2.2 succeeded (the process is launched);
        // the gate waits for it to serve, so verify cannot have begun when the freeze lands.
        journal.await(JournalTail.step("step_started", one.name(), Step.HEALTH_GATE), STEP_TIMEOUT, run);
        run.freeze();
        try {
            assertFalse(journal.contains(JournalTail.step("step_started", one.name(), Step.VERIFY)),
                    "the fault must come before verify; the coordinator got there first");
            dropTableOnceTargetServes(one, "sensors");
        } finally {
            run.resume();
        }
        // The rollback restores the root; kill the coordinator while it does, then resume.
        journal.await(JournalTail.step("step_started", one.name(), Step.ROLLBACK_FROM_BACKUP), STEP_TIMEOUT, run);
        boolean caughtRunning = awaitOperation(one, journal.runId(), "rollback-restore");
        assertEquals(128 + 9, run.kill(), run.transcript());

        QfleetRun status = QfleetRun.execute("status", "-f", fleetFile.toString());
        assertTrue(status.out().contains("in " + Step.ROLLBACK_FROM_BACKUP.label()), status.transcript());
        QfleetRun resumed = QfleetRun.execute("resume", "-f", fleetFile.toString(), "--output", "json");

        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, resumed.exitCode(), resumed.transcript());
        JsonNode result = resumed.onlyHost();
        assertEquals("rolled_back", result.path("status").asText(), resumed.transcript());
        assertTrue(result.path("message").asText().startsWith("verify failed: ")
                && result.path("message").asText().contains("sensors")
                && result.path("message").asText().contains("restored from the backup"), result.toString());
        assertEquals(SOURCE, result.path("version_after").asText(), result.toString());
        assertEquals(before.totalRows(), result.path("rows_after").asLong(), result.toString());
        assertRolledBack(one, before, 1);

        AgentOperations operations = AgentOperations.of(one, journal.runId());
        for (String name : List.of("rollback-revert", "rollback-restore", "rollback-verify")) {
            assertEquals("succeeded", operations.states().get(name), name + " in " + operations.states());
        }
        assertEquals("failed", operations.states().get("verify"), operations.states().toString());
        operations.assertEachRanOnce();
        System.out.println("[rollback] coordinator killed with rollback-restore " + (caughtRunning ? "running" : "already ended"));
    }

    @Test
    @Order(2)
    void theOperatorRollsBackAMigratedHostAndFinalizeFreesExactlyWhatTheRunKept() throws Exception {
        Path fleetFile = FleetYaml.write(fleet.agentsYaml(), Files.createDirectories(shared.resolve("two")).resolve("fleet.yaml"), target, List.of(one, two), "");
        JournalTail journal = JournalTail.besides(fleetFile);
        HostSnapshot oneBefore = HostSnapshot.take(one);
        HostSnapshot twoBefore = HostSnapshot.take(two);
        QfleetRun run = QfleetRun.execute("run", "-f", fleetFile.toString(), "--output", "json");
        assertEquals(ExitCodes.DONE, run.exitCode(), run.transcript());
        String runId = journal.runId();

        // the operator takes db-2 back
        HostSnapshot twoMigrated = HostSnapshot.take(two);
        assertEquals(TARGET, twoMigrated.version());
        QfleetRun rollback = QfleetRun.execute("rollback", "-f", fleetFile.toString(), "--hosts", two.name(), "--output", "json");
        assertEquals(ExitCodes.DONE, rollback.exitCode(), rollback.transcript());
        JsonNode back = rollback.onlyHost();
        assertEquals("rolled_back", back.path("status").asText(), rollback.transcript());
        assertTrue(back.path("message").asText().startsWith("rolled back on the operator's request (qfleet rollback)"), back.toString());
        assertRolledBack(two, twoBefore, 1);
        QfleetRun status = QfleetRun.execute("status", "-f", fleetFile.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith(two.name() + " ") && l.contains("rolled_back")), status.transcript());
        JsonNode report = JSON.readTree(journal.runDir().resolve("report.json").toFile());
        assertEquals("rolled_back", hostIn(report, two.name()).path("status").asText(), report.toString());
        assertEquals("migrated", hostIn(report, one.name()).path("status").asText(), report.toString());

        // a second rollback of db-2 is refused, and so is one naming a migrated host with it: nothing changes anywhere
        HostSnapshot oneMigrated = HostSnapshot.take(one);
        HostSnapshot twoBack = HostSnapshot.take(two);
        QfleetRun again = QfleetRun.execute("rollback", "-f", fleetFile.toString(), "--hosts", one.name() + "," + two.name());
        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, again.exitCode(), again.transcript());
        assertTrue(again.err().contains("qfleet: " + two.name() + ": rollback refused: not migrated by this run (rolled_back)"),
                again.transcript());
        assertTrue(again.err().contains("nothing was done on any host"), again.transcript());
        assertSameServer(oneMigrated, HostSnapshot.take(one));
        assertSameServer(twoBack, HostSnapshot.take(two));

        // db-1's archive gone: refused after the agent looked, nothing changed
        Path oneArchive = archiveOf(one, runId);
        Path away = Files.move(oneArchive, shared.resolve("away.tar.zst"));
        QfleetRun gone = QfleetRun.execute("rollback", "-f", fleetFile.toString(), "--hosts", one.name());
        Files.move(away, oneArchive);
        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, gone.exitCode(), gone.transcript());
        assertTrue(gone.err().contains("qfleet: " + one.name() + ": rollback refused: its backup " + oneArchive), gone.transcript());
        assertTrue(gone.err().contains("does not exist"), gone.transcript());
        assertSameServer(oneMigrated, HostSnapshot.take(one));

        // finalize frees db-1's previous binaries, backup and upload; db-2 (rolled back) keeps its backup
        Map<Path, Long> kept = keptBy(one, runId, false);
        assertEquals(4, kept.size(), "previous install dir, archive, manifest, upload: " + kept);
        long expected = kept.values().stream().mapToLong(Long::longValue).sum();
        Path twoArchive = archiveOf(two, runId);
        QfleetRun finalized = QfleetRun.execute("finalize", "-f", fleetFile.toString());
        assertEquals(ExitCodes.DONE, finalized.exitCode(), finalized.transcript());
        assertTrue(finalized.out().contains(one.name() + ": freed " + expected + " bytes"), "expected " + expected + "\n"
                + finalized.transcript());
        assertTrue(finalized.out().contains(two.name() + ": skipped: rolled back"), finalized.transcript());
        assertTrue(finalized.out().contains("total: freed " + expected + " bytes"), finalized.transcript());
        kept.keySet().forEach(path -> assertFalse(Files.exists(path), path + " left after finalize"));
        assertTrue(Files.exists(twoArchive), "a rolled-back host keeps its backup: " + twoArchive);
        assertSameServer(oneMigrated, HostSnapshot.take(one));

        // finalized: no way back any more
        QfleetRun finalStatus = QfleetRun.execute("status", "-f", fleetFile.toString());
        assertTrue(finalStatus.out().lines().anyMatch(l -> l.startsWith(one.name() + " ") && l.contains("migrated " + SOURCE + " -> "
                + TARGET + ", finalized")), finalStatus.transcript());
        QfleetRun late = QfleetRun.execute("rollback", "-f", fleetFile.toString(), "--hosts", one.name());
        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, late.exitCode(), late.transcript());
        assertTrue(late.err().contains("rollback refused: finalized"), late.transcript());
        assertSameServer(oneMigrated, HostSnapshot.take(one));

        // named, the rolled-back host gives up what its run and rollback set aside too
        Map<Path, Long> twoKept = keptBy(two, runId, true);
        assertEquals(5, twoKept.size(), "reverted install dir, replaced root, archive, manifest, upload: " + twoKept);
        long twoExpected = twoKept.values().stream().mapToLong(Long::longValue).sum();
        QfleetRun named = QfleetRun.execute("finalize", "-f", fleetFile.toString(), "--hosts", two.name());
        assertEquals(ExitCodes.DONE, named.exitCode(), named.transcript());
        assertTrue(named.out().contains(two.name() + ": freed " + twoExpected + " bytes"), "expected " + twoExpected + "\n"
                + named.transcript());
        twoKept.keySet().forEach(path -> assertFalse(Files.exists(path), path + " left after finalize"));
        assertSameServer(twoBack, HostSnapshot.take(two));
    }

    @Test
    @Order(3)
    void aRunWithoutABackupCannotBeRolledBack() throws Exception {
        Path fleetFile = FleetYaml.write(fleet.agentsYaml(), Files.createDirectories(shared.resolve("three")).resolve("fleet.yaml"), target, List.of(two),
                "");
        HostSnapshot before = HostSnapshot.take(two);
        QfleetRun run = QfleetRun.execute("run", "-f", fleetFile.toString(), "--skip-backup", "--output", "json");
        assertEquals(ExitCodes.DONE, run.exitCode(), run.transcript());
        HostSnapshot migrated = HostSnapshot.take(two);
        assertEquals(TARGET, migrated.version());
        assertEquals(before.rows(), migrated.rows());

        QfleetRun rollback = QfleetRun.execute("rollback", "-f", fleetFile.toString(), "--hosts", two.name());

        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, rollback.exitCode(), rollback.transcript());
        assertEquals("qfleet: " + two.name() + ": rollback refused: the run has no backup of it (--skip-backup): nothing to roll back "
                + "from\nqfleet: nothing was done on any host\n", rollback.err());
        assertSameServer(migrated, HostSnapshot.take(two));
    }

    /**
     * Back on 8.1.4 with the data of before: every table with its rows (read over PG wire), the previous
     * binaries in the install dir, and beside it what the rollback set aside ({@code sets} new reverted
     * install dirs and as many replaced roots), nothing half-done.
     */
    private static void assertRolledBack(DemoHost host, HostSnapshot before, int sets) throws Exception {
        HostSnapshot after = HostSnapshot.take(host);
        assertEquals(SOURCE, after.version(), host.name());
        assertEquals(before.rows(), after.rows(), host.name() + ": tables and row counts");
        assertEquals(before.installTree(), after.installTree(), host.name() + ": previous binaries back in the install dir");
        assertNotEquals(before.pid(), after.pid(), host.name());
        List<String> added = after.besideInstall().stream().filter(n -> !before.besideInstall().contains(n)).toList();
        assertEquals(2 * sets, added.size(), host.name() + ": new beside the install dir: " + added);
        assertTrue(added.stream().allMatch(n -> n.startsWith("questdb.reverted-") || n.startsWith("root.before-restore-")), added.toString());
    }

    /** The same QuestDB process on the same binaries and data (what lies beside the install dir aside). */
    private static void assertSameServer(HostSnapshot before, HostSnapshot after) {
        assertEquals(List.of(before.pid(), before.version(), before.rows(), before.installTree()),
                List.of(after.pid(), after.version(), after.rows(), after.installTree()), "host changed");
    }

    /** Waits until the run's operation {@code name} runs on the host's agent (true) or has already ended (false). */
    private static boolean awaitOperation(DemoHost host, String runId, String name) {
        String id = runId + "." + host.name() + "." + name;
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (GrpcAgentClient agent = GrpcAgentClient.connect(host.agentHost(), host.agentPort(), host.agentAccess())) {
                Optional<AgentOperation> found = agent.operations().stream().filter(o -> o.id().equals(id)).findFirst();
                if (found.isPresent() && !found.get().state().equals("pending")) {
                    return found.get().state().equals("running");
                }
            }
            JournalTail.pause(5);
        }
        throw new AssertionError(id + " never ran");
    }

    /** Polls until QuestDB on the host's root answers as the target version, then drops {@code table} over PG wire. */
    private static void dropTableOnceTargetServes(DemoHost host, String table) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            try (Connection connection = HostSnapshot.connect(host.root()); Statement sql = connection.createStatement()) {
                if (HostSnapshot.version(sql).equals(TARGET)) {
                    sql.execute("DROP TABLE " + table);
                    return;
                }
            } catch (java.sql.SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(host.name() + ": QuestDB " + TARGET + " never served");
            }
            JournalTail.pause(100);
        }
    }

    /**
     * What the run {@code runId} kept on the host and finalize is to remove, with the bytes of the regular
     * files in each: the previous install dir (or, after a rollback, the reverted one and the replaced root),
     * the backup archive and its manifest, the upload.
     */
    private static Map<Path, Long> keptBy(DemoHost host, String runId, boolean rolledBack) throws IOException {
        Map<Path, Long> kept = new TreeMap<>();
        String prefix = runId + "." + host.name() + ".";
        if (rolledBack) {
            kept.put(host.dir().resolve("questdb.reverted-" + prefix + "rollback-revert"), 0L);
            kept.put(host.dir().resolve("root.before-restore-" + prefix + "rollback-restore"), 0L);
        } else {
            kept.put(host.dir().resolve("questdb.previous-" + prefix + "swap"), 0L);
        }
        Path archive = archiveOf(host, runId);
        kept.put(archive, 0L);
        kept.put(archive.resolveSibling(archive.getFileName() + ".manifest.json"), 0L);
        try (Stream<Path> uploads = Files.list(host.dir().resolve("staging/uploads"))) {
            uploads.filter(p -> p.getFileName().toString().startsWith(target.sha256())).forEach(p -> kept.put(p, 0L));
        }
        for (Path path : kept.keySet()) {
            assertTrue(Files.exists(path), path + " was not kept");
            kept.put(path, bytes(path));
        }
        return kept;
    }

    private static Path archiveOf(DemoHost host, String runId) throws IOException {
        try (Stream<Path> files = Files.list(host.dir().resolve("backups"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + runId + "." + host.name() + ".backup.tar.zst"))
                    .findFirst().orElseThrow(() -> new AssertionError(host.name() + ": no archive of run " + runId));
        }
    }

    private static long bytes(Path path) throws IOException {
        long[] total = {0};
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static JsonNode hostIn(JsonNode report, String name) {
        for (JsonNode host : report.path("hosts")) {
            if (host.path("name").asText().equals(name)) {
                return host;
            }
        }
        throw new AssertionError("no " + name + " in " + report);
    }

    private static QfleetProcess start(String name, String... args) {
        QfleetProcess process = QfleetProcess.start(shared.resolve("logs"), name, args);
        STARTED.add(process);
        return process;
    }
}
