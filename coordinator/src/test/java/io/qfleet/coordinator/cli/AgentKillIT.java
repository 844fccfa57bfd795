package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentOperation;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.client.UploadProbe;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of an agent in the middle of a step, then the agent started again on its address, as
 * systemd's {@code Restart=always} would: three real hosts (QuestDB 8.1.4 with data, one real agent
 * process each) and {@code qfleet} as a real process, one kill per host per invocation.
 *
 * <p>{@code qfleet run}: demo-1's agent dies while the distribution streams in (and stays down until
 * the coordinator gave up on it), demo-2's inside its backup, demo-3's inside its stop. Then
 * {@code qfleet resume --retry-failed}: demo-1's inside its swap, demo-2's inside the first start of
 * the new binaries; demo-3 goes through. The short steps are held RUNNING on the agent after their
 * work ({@code -Dqfleet.agent.test.hold}), so each kill lands at the worst moment every time: the
 * work done, the agent's record not saying so. Every host ends either migrated or back on 8.1.4,
 * with every table's row count as before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentKillIT {
    private static final long ROWS = 20_000;
    private static final String SOURCE = DemoResources.SOURCE_VERSION;
    private static final String TARGET = DemoResources.TARGET_VERSION;
    private static final Duration TO_KILL_POINT = Duration.ofMinutes(3);
    private static final Duration TO_END = Duration.ofMinutes(5);
    private static final long HOLD_MILLIS = 4000;
    /** Per host, the operations held (see the class comment); ids are {@code <run>.<host>[.aN].<step>}. */
    private static final Map<String, String> HELD = Map.of(
            "demo-1", ".*\\.demo-1\\.(a2\\.swap|a3\\.verify)",
            "demo-2", ".*\\.demo-2\\.(backup|a2\\.start)",
            "demo-3", ".*\\.demo-3\\.(stop|watched-inventory)");
    /**
     * How long test 3 keeps an agent down: by then gRPC's own reconnect backoff (1 s, x1.6, +-20 % each)
     * has made its sixth try (12.7-19 s after the first failed one, 15.8 s typically) and waits 8.4-12.6 s
     * for the seventh.
     */
    private static final Duration REBOOT = Duration.ofSeconds(19);
    /** A watch re-opens every 0.5 s; with the new connection's mTLS handshake, well within this. */
    private static final Duration REATTACH_WITHIN = Duration.ofSeconds(3);
    private static final List<String> FLEET_LOG = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;
    private static LocalFleet fleet;
    private static List<DemoHost> hosts;
    private static final Map<String, RestartableAgent> agents = new LinkedHashMap<>();
    private static final Map<String, HostSnapshot> before = new LinkedHashMap<>();
    private static PackedDistribution target;
    private static Path fleetFile;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void startFleet() throws Exception {
        DemoResources resources = DemoResources.locate();
        target = DistributionPacker.pack(resources.targetJar(), TARGET, dir.resolve("dist"));
        fleet = LocalFleet.create(resources, 3, ROWS, dir.resolve("fleet"), FLEET_LOG::add);
        hosts = fleet.hosts();
        for (DemoHost host : hosts) {
            before.put(host.name(), HostSnapshot.take(host));
            agents.put(host.name(), RestartableAgent.replace(host, resources,
                    List.of("-Dqfleet.agent.test.hold=" + HOLD_MILLIS + ":" + HELD.get(host.name()))));
        }
        fleetFile = FleetYaml.write(fleet.agentsYaml(), fleet.workDir().resolve("fleet.yaml"), target, hosts, """
                rollout:
                  stage_parallelism: 1
                  waves: [1, 100%]
                  max_unavailable: 1
                  max_failures: 100%
                """);
    }

    @AfterAll
    static void stopFleet() {
        try {
            agents.values().forEach(RestartableAgent::close);
            if (fleet != null) {
                fleet.close();
                for (DemoHost host : hosts) {
                    assertEquals(List.of(), HostSnapshot.servingPids(host.root()), host.name() + ": QuestDB left running");
                }
            }
        } finally {
            report.forEach(line -> System.out.println("[agent kill] " + line));
            FLEET_LOG.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    @Test
    @Order(1)
    void agentKilledInUploadBackupStopSwapOrStartLeavesEveryHostMigratedOrBackOnItsOldVersion() throws Exception {
        DemoHost one = hosts.get(0);
        DemoHost two = hosts.get(1);
        DemoHost three = hosts.get(2);

        // 1. qfleet run: kills in upload (demo-1), backup (demo-2), stop (demo-3).
        QfleetProcess run = QfleetProcess.start(dir.resolve("logs"), "1-run", "run", "-f", fleetFile.toString(), "--output", "json");
        awaitThenKill(run, one, () -> uploadUnderWay(one));
        report.add("demo-1 killed once the distribution streamed in");
        // Down until the coordinator has given up on demo-1, then back (systemd's RestartSec).
        awaitEvent(run, e -> e.path("type").asText().equals("host_finished") && e.path("host").asText().equals(one.name()));
        agents.get(one.name()).start();
        killInside(run, two, "backup");
        killHeld(run, three, "stop");
        int code = run.await(TO_END);

        Map<String, JsonNode> outcome = run.finishedHosts();
        assertEquals(ExitCodes.AGENTS_UNREACHABLE, code, run.transcript());
        assertEquals("failed", outcome.get(one.name()).path("status").asText(), run.transcript());
        assertTrue(outcome.get(one.name()).path("message").asText().endsWith("(host unchanged)"), run.transcript());
        assertEquals("failed", outcome.get(two.name()).path("status").asText(), run.transcript());
        assertTrue(outcome.get(two.name()).path("message").asText().startsWith("backup failed: "), run.transcript());
        assertTrue(outcome.get(two.name()).path("message").asText().contains("agent restarted"), run.transcript());
        assertRolledBack(outcome.get(three.name()), run);
        assertUnchanged(one);
        assertUnchanged(two);
        assertNoBackupLeftovers(two);
        assertBackOnSource(three, false);

        // 2. resume --retry-failed: kills in swap (demo-1) and start (demo-2); demo-3 goes through.
        QfleetProcess retry = QfleetProcess.start(dir.resolve("logs"), "2-retry", "resume", "--retry-failed", "-f", fleetFile.toString(),
                "--output", "json");
        killHeld(retry, one, "a2.swap");
        killHeld(retry, two, "a2.start");
        code = retry.await(TO_END);

        outcome = retry.finishedHosts();
        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, code, retry.transcript());
        assertRolledBack(outcome.get(one.name()), retry);
        assertRolledBack(outcome.get(two.name()), retry);
        assertMigrated(outcome.get(three.name()), retry);
        assertBackOnSource(one, true);
        assertBackOnSource(two, true);
        HostSnapshot now = HostSnapshot.take(three);
        assertEquals(TARGET, now.version(), three.name());
        assertEquals(before.get(three.name()).rows(), now.rows(), three.name() + ": rows per table");
    }

    /**
     * kill -9 of the agent inside verify, after the point of no return: the verify fails and the host
     * is restored from its backup (ROLLBACK_FROM_BACKUP), back on 8.1.4 with its data; rolled back: exit 3.
     */
    @Test
    @Order(2)
    void agentKilledInVerifyIsRestoredFromItsBackup() throws Exception {
        DemoHost one = hosts.get(0);
        QfleetProcess retry = QfleetProcess.start(dir.resolve("logs"), "3-retry", "resume", "--retry-failed", "-f", fleetFile.toString(),
                "--output", "json");
        killHeld(retry, one, "a3.verify");
        int code = retry.await(TO_END);

        Map<String, JsonNode> outcome = retry.finishedHosts();
        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, code, retry.transcript());
        assertRolledBack(outcome.get(one.name()), retry);
        assertMigrated(outcome.get(hosts.get(1).name()), retry);
        HostSnapshot now = HostSnapshot.take(one);
        assertEquals(SOURCE, now.version(), one.name());
        assertEquals(before.get(one.name()).rows(), now.rows(), one.name() + ": rows per table");
    }

    /**
     * An agent down for a while (its host rebooting) while a step is watched: once it is back, the watch
     * re-attaches within a pause, and learns the operation ended with the agent, not at gRPC's next
     * reconnect try, which by then comes 8-13 s apart (a step's deadline may pass before it).
     */
    @Test
    @Order(3)
    void aWatchReattachesSoonAfterItsAgentComesBackFromALongOutage() throws Exception {
        DemoHost three = hosts.get(2);
        String id = "reboot." + three.name() + ".watched-inventory";
        try (GrpcAgentClient client = GrpcAgentClient.connect(three.agentHost(), three.agentPort(), three.agentAccess())) {
            CompletableFuture<OperationOutcome> watched = CompletableFuture.supplyAsync(() -> client.run(id,
                    new StepRequest.Inventory(60), (message, done, total, unit) -> { }, Duration.ofMinutes(3)));
            Pattern held = Pattern.compile("operation " + Pattern.quote(id) + ": work done, held");
            long deadline = System.nanoTime() + TO_KILL_POINT.toNanos();
            while (!agents.get(three.name()).logged(held)) {
                assertFalse(watched.isDone(), () -> "the watch ended before the kill: " + watched.join());
                assertTrue(System.nanoTime() < deadline, "the inventory was not held");
                sleep(5);
            }
            agents.get(three.name()).kill();
            sleep(REBOOT.toMillis());
            agents.get(three.name()).start();
            long back = System.nanoTime();

            OperationOutcome outcome = watched.get(TO_END.toSeconds(), TimeUnit.SECONDS);
            Duration reattached = Duration.ofNanos(System.nanoTime() - back);
            report.add(three.name() + " down " + REBOOT.toSeconds() + " s inside a watched step: re-attached "
                    + reattached.toMillis() + " ms after it was back");
            assertFalse(outcome.succeeded(), outcome.toString());
            assertEquals("agent_restarted", outcome.failureReason(), outcome.toString());
            assertTrue(reattached.compareTo(REATTACH_WITHIN) < 0, "re-attached " + reattached.toMillis() + " ms after the agent was back");
        }
    }

    /** Waits until the host's agent runs {@code <run>.<host>.<operation>}, kills it there and starts it again. */
    private static void killInside(QfleetProcess qfleet, DemoHost host, String operation) {
        String suffix = "." + host.name() + "." + operation;
        awaitThenKill(qfleet, host, () -> running(host, suffix));
        agents.get(host.name()).start();
        report.add(host.name() + " killed inside " + operation);
    }

    /**
     * Waits until the agent holds {@code <run>.<host>.<operation>} with its work done (FaultHold's log
     * line), kills it there and starts it again: the step happened, the agent's record says running.
     */
    private static void killHeld(QfleetProcess qfleet, DemoHost host, String operation) {
        Pattern held = Pattern.compile("operation \\S+\\." + Pattern.quote(host.name() + "." + operation) + ": work done, held");
        awaitThenKill(qfleet, host, () -> agents.get(host.name()).logged(held));
        agents.get(host.name()).start();
        report.add(host.name() + " killed after the work of " + operation + ", before its result was recorded");
    }

    private static void awaitThenKill(QfleetProcess qfleet, DemoHost host, BooleanSupplier inside) {
        long deadline = System.nanoTime() + TO_KILL_POINT.toNanos();
        while (!inside.getAsBoolean()) {
            if (!qfleet.alive()) {
                fail("qfleet ended before " + host.name() + "'s kill point\n" + qfleet.transcript());
            }
            if (System.nanoTime() > deadline) {
                fail(host.name() + ": kill point not reached in " + TO_KILL_POINT + "\n" + qfleet.transcript());
            }
            sleep(5);
        }
        agents.get(host.name()).kill();
    }

    private static boolean running(DemoHost host, String suffix) {
        try (GrpcAgentClient agent = GrpcAgentClient.connect(host.agentHost(), host.agentPort(), host.agentAccess())) {
            Optional<AgentOperation> found = agent.operations().stream().filter(o -> o.id().endsWith(suffix)).findFirst();
            return found.isPresent() && found.get().state().equals("running");
        } catch (AgentCallException e) {
            return false;
        }
    }

    /** Part of the distribution has reached the agent, not all of it. */
    private static boolean uploadUnderWay(DemoHost host) {
        try {
            UploadProbe.Progress upload = UploadProbe.of(host.agentHost(), host.agentPort(), host.agentAccess(), target.sha256());
            return upload.complete() || upload.bytesReceived() > 0;
        } catch (io.grpc.StatusRuntimeException e) {
            return false;
        }
    }

    private static void awaitEvent(QfleetProcess qfleet, java.util.function.Predicate<JsonNode> event) {
        long deadline = System.nanoTime() + TO_KILL_POINT.toNanos();
        while (qfleet.events().stream().noneMatch(event)) {
            if (!qfleet.alive() || System.nanoTime() > deadline) {
                fail("event not seen\n" + qfleet.transcript());
            }
            sleep(50);
        }
    }

    private static void assertRolledBack(JsonNode host, QfleetProcess qfleet) {
        String name = host.path("name").asText();
        assertEquals("rolled_back", host.path("status").asText(), name + "\n" + qfleet.transcript());
        assertEquals(SOURCE, host.path("version_after").asText(), name + "\n" + qfleet.transcript());
        assertEquals(before.get(name).totalRows(), host.path("rows_before").asLong(), name + "\n" + qfleet.transcript());
        assertEquals(before.get(name).totalRows(), host.path("rows_after").asLong(), name + "\n" + qfleet.transcript());
    }

    private static void assertMigrated(JsonNode host, QfleetProcess qfleet) {
        String name = host.path("name").asText();
        assertEquals("migrated", host.path("status").asText(), name + "\n" + qfleet.transcript());
        assertEquals(TARGET, host.path("version_after").asText(), name + "\n" + qfleet.transcript());
        assertEquals(before.get(name).totalRows(), host.path("rows_after").asLong(), name + "\n" + qfleet.transcript());
    }

    /** The same 8.1.4 process on the same binaries and data. */
    private static void assertUnchanged(DemoHost host) throws Exception {
        HostSnapshot now = HostSnapshot.take(host);
        HostSnapshot then = before.get(host.name());
        assertEquals(then.pid(), now.pid(), host.name() + ": QuestDB pid");
        assertEquals(then.version(), now.version(), host.name());
        assertEquals(then.rows(), now.rows(), host.name() + ": rows per table");
        assertEquals(then.installTree(), now.installTree(), host.name() + ": install dir");
    }

    /**
     * 8.1.4 serving again from another process, on the old binaries byte for byte, with every table's
     * rows; {@code swapped}: the new binaries kept beside them as {@code <install>.reverted-*}.
     */
    private static void assertBackOnSource(DemoHost host, boolean swapped) throws Exception {
        HostSnapshot now = HostSnapshot.take(host);
        HostSnapshot then = before.get(host.name());
        assertEquals(SOURCE, now.version(), host.name());
        assertEquals(then.rows(), now.rows(), host.name() + ": rows per table");
        assertEquals(then.installTree(), now.installTree(), host.name() + ": install dir");
        assertNotEquals(then.pid(), now.pid(), host.name() + ": QuestDB pid");
        String install = host.installDir().getFileName().toString();
        assertFalse(now.besideInstall().stream().anyMatch(n -> n.startsWith(install + ".previous-")), host.name() + ": "
                + now.besideInstall());
        assertEquals(swapped, now.besideInstall().stream().anyMatch(n -> n.startsWith(install + ".reverted-")), host.name() + ": "
                + now.besideInstall());
    }

    /** The restarted agent deleted the dead backup's partial archive; QuestDB holds no checkpoint. */
    private static void assertNoBackupLeftovers(DemoHost host) throws Exception {
        Path backups = host.dir().resolve("backups");
        if (Files.isDirectory(backups)) {
            try (Stream<Path> files = Files.list(backups)) {
                List<Path> partial = files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
                assertEquals(List.of(), partial, host.name() + ": partial archives");
            }
        }
        assertFalse(Files.exists(host.root().resolve(".checkpoint/db")), host.name() + ": checkpoint left open");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
