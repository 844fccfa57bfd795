package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets that fail past the point of no return, against one real host each (QuestDB 8.1.4 with
 * data, a real agent process, {@code qfleet run} as a real process). The other two failing targets
 * of the matrix are elsewhere: a corrupt jar ({@code RunCommandIT}: refused at stage when it is no
 * zip, rolled back when its main class is garbage) and a config key the target exits 55 on
 * ({@code WavesIT}).
 */
class TargetFailuresIT {
    private static final String SOURCE = DemoResources.SOURCE_VERSION;
    private static final String TARGET = DemoResources.TARGET_VERSION;
    private static final Duration TO_END = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    /**
     * 9.2.2 starts and then hangs (SIGSTOP as soon as its process exists, so it never answers): the
     * health gate times out after {@code health_gate_seconds}; the test then lets the process run
     * again (a hung JVM still obeys SIGTERM). The run has a backup, so the way back is the rollback
     * from it (ROLLBACK_FROM_BACKUP): the revert stops the new version, 8.1.4 is back, the root is
     * restored from the archive and verified.
     */
    @Test
    void targetThatHangsWithoutBecomingHealthyIsRolledBack() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        DemoResources resources = DemoResources.locate();
        PackedDistribution target = DistributionPacker.pack(resources.targetJar(), TARGET, dir.resolve("dist"));
        try (LocalFleet fleet = LocalFleet.create(resources, 1, 20_000, dir.resolve("fleet"), log::add)) {
            DemoHost host = fleet.hosts().get(0);
            HostSnapshot before = HostSnapshot.take(host);
            Path file = fleetFile(fleet, target, 8); // the gate only has to time out: the new process is stopped at once

            QfleetProcess run = QfleetProcess.start(dir.resolve("logs"), "run", "run", "-f", file.toString(), "--output", "json");
            long hung = await(run, () -> HostSnapshot.servingPids(host.root()).stream().filter(p -> p != before.pid()).findFirst());
            signal("STOP", hung);
            await(run, () -> event(run, e -> e.path("type").asText().equals("step_finished")
                    && e.path("step").asText().equals("health gate") && !e.path("ok").asBoolean(true)));
            signal("CONT", hung);
            int code = run.await(TO_END);

            assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, code, run.transcript());
            JsonNode result = rolledBack(run, "health gate failed: ");
            assertEquals(before.totalRows(), result.path("rows_after").asLong(), run.transcript());
            HostSnapshot after = HostSnapshot.take(host);
            assertEquals(SOURCE, after.version());
            assertEquals(before.rows(), after.rows(), "rows per table");
            assertEquals(before.installTree(), after.installTree(), "the old binaries back");
            assertNotEquals(hung, after.pid());
        } finally {
            log.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    /**
     * 9.2.2 starts and passes its health gate, but a table is gone at verify (dropped while the agent
     * holds the health gate open): after the point of no return, so the host is restored from its
     * backup and is back on 8.1.4 with every table of the inventory.
     */
    @Test
    void targetThatFailsVerifyIsRestoredFromItsBackup() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        DemoResources resources = DemoResources.locate();
        PackedDistribution target = DistributionPacker.pack(resources.targetJar(), TARGET, dir.resolve("dist"));
        try (LocalFleet fleet = LocalFleet.create(resources, 1, 20_000, dir.resolve("fleet"), log::add)) {
            DemoHost host = fleet.hosts().get(0);
            HostSnapshot before = HostSnapshot.take(host);
            try (RestartableAgent agent = RestartableAgent.replace(host, resources,
                    List.of("-Dqfleet.agent.test.hold=5000:.*\\." + Pattern.quote(host.name()) + "\\.health-gate"))) {
                QfleetProcess run = QfleetProcess.start(dir.resolve("logs"), "run", "run", "-f", fleetFile(fleet, target, 60).toString(),
                        "--output", "json");
                Pattern held = Pattern.compile("health-gate: work done, held");
                await(run, () -> agent.logged(held) ? Optional.of(true) : Optional.empty());
                try (Connection sql = HostSnapshot.connect(host.root()); Statement statement = sql.createStatement()) {
                    statement.execute("DROP TABLE sensors");
                }
                int code = run.await(TO_END);

                assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, code, run.transcript());
                rolledBack(run, "verify failed: ");
                HostSnapshot after = HostSnapshot.take(host);
                assertEquals(SOURCE, after.version());
                assertEquals(before.rows(), after.rows(), "every table of the inventory, with its rows");
            }
        } finally {
            log.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    private Path fleetFile(LocalFleet fleet, PackedDistribution target, int healthGateSeconds) throws Exception {
        Path file = FleetYaml.write(fleet.agentsYaml(), fleet.workDir().resolve("fleet.yaml"), target, fleet.hosts(), "");
        String yaml = java.nio.file.Files.readString(file).replace("health_gate_seconds: 60", "health_gate_seconds: " + healthGateSeconds);
        java.nio.file.Files.writeString(file, yaml);
        return file;
    }


    /** The run's one host, rolled back after a failure whose message starts with {@code failure}. */
    private static JsonNode rolledBack(QfleetProcess run, String failure) {
        Map<String, JsonNode> hosts = run.finishedHosts();
        assertEquals(1, hosts.size(), run.transcript());
        JsonNode result = hosts.values().iterator().next();
        assertEquals("rolled_back", result.path("status").asText(), run.transcript());
        assertTrue(result.path("message").asText().startsWith(failure), run.transcript());
        return result;
    }

    static Optional<Boolean> event(QfleetProcess run, Predicate<JsonNode> wanted) {
        return run.events().stream().anyMatch(wanted) ? Optional.of(true) : Optional.empty();
    }

    /** Polls {@code found} every 10 ms while qfleet runs; fails after two minutes. */
    static <T> T await(QfleetProcess run, java.util.function.Supplier<Optional<T>> found) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            Optional<T> value = found.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (!run.alive() || System.nanoTime() > deadline) {
                fail("not reached\n" + run.transcript());
            }
            Thread.sleep(10);
        }
    }

    /** {@code kill -<signal> <pid>} on the QuestDB the agent started for this test's host. */
    static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }
}
