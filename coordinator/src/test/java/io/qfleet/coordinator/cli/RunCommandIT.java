package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qfleet.coordinator.cli.TestTarballs.Hostile;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import io.qfleet.coordinator.workflow.HostWorkflow;
import io.qfleet.coordinator.workflow.Step;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code qfleet run} refusing bad input, black box, against one real host (QuestDB 8.1.4 with data and a
 * real agent process). After every test the host must be unchanged: same QuestDB pid, version, row
 * counts and install dir, nothing left beside it; or, where a rollback is expected, back on the old
 * binaries with the same data.
 */
class RunCommandIT {
    private static final long ROWS = 200_000;
    private static final String TARGET = DemoResources.TARGET_VERSION;
    private static final List<String> FLEET_LOG = new CopyOnWriteArrayList<>();

    @TempDir
    static Path shared;
    private static DemoResources resources;
    private static LocalFleet fleet;
    private static DemoHost host;
    private static PackedDistribution good;

    @TempDir
    Path dir;
    private HostSnapshot before;
    private boolean expectRollback;

    @BeforeAll
    static void startFleet() {
        resources = DemoResources.locate();
        fleet = LocalFleet.create(resources, 1, ROWS, shared.resolve("fleet"), FLEET_LOG::add);
        host = fleet.hosts().get(0);
        good = DistributionPacker.pack(resources.targetJar(), TARGET, shared.resolve("dist"));
    }

    @AfterAll
    static void stopFleet() {
        try {
            if (fleet != null) {
                fleet.close();
                assertEquals(List.of(), HostSnapshot.servingPids(host.root()), "QuestDB left running");
                assertFalse(ProcessHandle.of(host.agentPid()).map(ProcessHandle::isAlive).orElse(false), "agent left running");
            }
        } finally {
            FLEET_LOG.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    @BeforeEach
    void snapshot() throws Exception {
        before = HostSnapshot.take(host);
        assertEquals(DemoResources.SOURCE_VERSION, before.version());
        assertEquals(ROWS + ROWS / 10, before.totalRows(), "seeded rows: " + before.rows());
    }

    @AfterEach
    void hostUnchanged() throws Exception {
        HostSnapshot after = HostSnapshot.take(host);
        if (expectRollback) {
            before.assertRolledBack(after, host.installDir().getFileName().toString(), true);
        } else {
            before.assertUnchanged(after);
        }
    }

    @Test
    void unknownKeyIsRefusedWithItsLine() throws IOException {
        Path file = fleetFile(good, host.agentAddress(), TARGET, "    port: 7001\n");

        QfleetRun run = QfleetRun.execute("run", "-f", file.toString());

        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertEquals("qfleet: " + file + ":8: hosts[0]: unknown key 'port' (expected one of: name, agent, role, cluster, timeouts, backup)", run.oneErrorLine());
        assertEquals("", run.out());
    }

    @Test
    void missingKeyIsRefusedWithItsLine() throws IOException {
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, yaml(good, host.agentAddress(), TARGET, "").replaceFirst("  sha256: \\w+\n", ""));

        QfleetRun run = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");

        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertEquals("qfleet: " + file + ":1: target: missing key 'sha256'", run.oneErrorLine());
        assertEquals("", run.out());
    }

    @Test
    void unreachableAgentExitsFive() throws IOException {
        String agent = "127.0.0.1:" + closedPort();
        Path file = fleetFile(good, agent, TARGET, "");

        QfleetRun run = QfleetRun.execute("run", "-f", file.toString());

        assertEquals(ExitCodes.AGENTS_UNREACHABLE, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("agent " + agent + " is unreachable"), run.transcript());
        assertTrue(run.out().lines().anyMatch(line -> line.contains(host.name()) && line.contains("failed")), run.transcript());
    }

    @Test
    void unreachableAgentAsJsonLines() throws IOException {
        String agent = "127.0.0.1:" + closedPort();
        Path file = fleetFile(good, agent, TARGET, "");

        QfleetRun run = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");

        assertEquals(ExitCodes.AGENTS_UNREACHABLE, run.exitCode(), run.transcript());
        List<JsonNode> events = run.jsonLines();
        assertEquals("run_started", events.get(0).path("type").asText());
        JsonNode result = run.onlyHost();
        assertEquals("failed", result.path("status").asText());
        assertTrue(result.path("message").asText().contains("agent " + agent + " is unreachable"), run.transcript());
        assertTrue(result.path("rows_before").isNull(), run.transcript());
        assertEquals(List.of(Step.PREFLIGHT.label()), stepsRun(events));
        // stdout stays JSON; the one-line reason goes to stderr for scripts that only watch it
        List<String> failures = run.err().lines().filter(l -> l.startsWith("qfleet: " + host.name() + ":")).toList();
        assertEquals(1, failures.size(), run.transcript());
        assertTrue(failures.get(0).startsWith("qfleet: " + host.name() + ": failed: preflight failed: agent " + agent
                + " is unreachable"), run.transcript());
        assertTrue(run.err().lines().allMatch(l -> l.startsWith("qfleet: ")), run.transcript());
    }

    @Test
    void sha256MismatchIsRefusedAtUpload() throws IOException {
        String otherSha = TestTarballs.sha256Hex("other bytes".getBytes(StandardCharsets.UTF_8));
        Path file = fleetFile(new PackedDistribution(good.file(), otherSha, TARGET), host.agentAddress(), TARGET, "");

        QfleetRun run = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");

        String message = failedBeforeStop(run, Step.UPLOAD);
        assertTrue(message.contains("SHA-256") && message.contains(otherSha), run.transcript());
        try (Stream<Path> uploads = Files.list(host.dir().resolve("staging/uploads"))) {
            assertEquals(List.of(), uploads.filter(p -> p.getFileName().toString().startsWith(otherSha)).toList(),
                    "upload kept under the wrong SHA-256");
        }
    }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void hostileTarballIsRefusedAtStage(Hostile kind) throws IOException {
        String top = TestTarballs.top(TARGET);
        Path outside = host.dir().resolve("pwned-" + kind.name().toLowerCase()); // beside the staged dir
        String entry = switch (kind) {
            case ABSOLUTE_PATH -> outside.toAbsolutePath().toString();
            case DOT_DOT -> top + "/../../" + outside.getFileName();
            case SYMLINK_OUTSIDE -> top + "/escape";
        };
        PackedDistribution dist = TestTarballs.hostile(resources.targetJar(), TARGET, dir.resolve("dist"), kind, entry,
                "../../" + outside.getFileName());

        QfleetRun run = QfleetRun.execute("run", "-f", fleetFile(dist, host.agentAddress(), TARGET, "").toString(),
                "--output", "json");

        String message = failedBeforeStop(run, Step.STAGE);
        assertTrue(message.contains("'" + entry + "'"), "message names the entry: " + message);
        assertTrue(message.contains("unsafe") || message.contains("refused"), message);
        assertFalse(Files.exists(outside, LinkOption.NOFOLLOW_LINKS), outside + " was written");
        // The staged dir is gone (checked after the test); nothing hostile beside it or in the install dir.
        for (Path where : List.of(host.dir(), host.installDir())) {
            try (Stream<Path> names = Files.list(where)) {
                assertEquals(List.of(), names.filter(p -> p.getFileName().toString().equals("escape")
                        || p.getFileName().toString().startsWith("pwned-")).toList(), "hostile entries written");
            }
        }
    }

    /** The new version exited on its first start: the way back after the point of no return is the backup. */
    @Test
    void targetThatCannotStartIsRolledBackFromTheBackup() throws IOException {
        Path jar = TestTarballs.withGarbageMainClass(resources.targetJar(), dir.resolve("questdb.jar"));
        PackedDistribution dist = DistributionPacker.pack(jar, TARGET, dir.resolve("dist"));
        expectRollback = true;

        QfleetRun run = QfleetRun.execute("run", "-f", fleetFile(dist, host.agentAddress(), TARGET, "").toString(),
                "--output", "json");

        assertTrue(run.took().compareTo(Duration.ofSeconds(120)) < 0, "took " + run.took() + " with health_gate_seconds 60");
        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, run.exitCode(), run.transcript());
        JsonNode result = run.onlyHost();
        assertEquals("rolled_back", result.path("status").asText(), run.transcript());
        assertEquals(DemoResources.SOURCE_VERSION, result.path("version_before").asText());
        assertEquals(DemoResources.SOURCE_VERSION, result.path("version_after").asText());
        assertEquals(before.totalRows(), result.path("rows_before").asLong(), run.transcript());
        assertEquals(before.totalRows(), result.path("rows_after").asLong(), run.transcript());
        List<String> steps = stepsRun(run.jsonLines());
        List<String> expected = HostWorkflow.FORWARD.subList(0, HostWorkflow.FORWARD.indexOf(Step.HEALTH_GATE) + 1).stream()
                .map(Step::label).collect(Collectors.toCollection(ArrayList::new));
        expected.add(Step.ROLLBACK_FROM_BACKUP.label());
        assertEquals(expected, steps, run.transcript());
        assertTrue(result.path("message").asText().startsWith("health gate failed: "), run.transcript());
        assertTrue(result.path("message").asText().contains("restored from the backup"), run.transcript());
        try (Stream<Path> beside = Files.list(host.dir())) { // the rejected binaries, kept for a post-mortem
            Path reverted = beside.filter(p -> p.getFileName().toString().startsWith("questdb.reverted-")).findFirst().orElseThrow();
            assertEquals(-1, Files.mismatch(jar, reverted.resolve("questdb.jar")), "the corrupt jar in " + reverted);
        }
    }

    /** A restore the agent refuses before touching anything exits 3 (host unchanged, checked after the test), not 4. */
    @Test
    void refusedRestoreExitsThreeAndChangesNothing() throws IOException {
        Path file = fleetFile(good, host.agentAddress(), TARGET, "");
        for (String archive : List.of("/etc/hostname", host.dir().resolve("backups/no-such.tar.zst").toString())) {
            QfleetRun restore = QfleetRun.execute("restore", "-f", file.toString(), "--host", host.name(), "--archive", archive);
            assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, restore.exitCode(), restore.transcript());
            assertTrue(restore.out().contains(archive), restore.transcript());
        }
    }

    @Test
    void truncatedJarIsRefusedAtStage() throws IOException {
        Path jar = TestTarballs.truncated(resources.targetJar(), dir.resolve("questdb.jar"));
        PackedDistribution dist = DistributionPacker.pack(jar, TARGET, dir.resolve("dist"));

        QfleetRun run = QfleetRun.execute("run", "-f", fleetFile(dist, host.agentAddress(), TARGET, "").toString(),
                "--output", "json");

        String message = failedBeforeStop(run, Step.STAGE);
        assertTrue(message.contains("questdb.jar is not a readable jar"), message);
    }

    @Test
    void versionOtherThanTheJarsIsRefusedAtStage() throws IOException {
        QfleetRun run = QfleetRun.execute("run", "-f", fleetFile(good, host.agentAddress(), "9.9.9", "").toString(),
                "--output", "json");

        String message = failedBeforeStop(run, Step.STAGE);
        assertTrue(message.contains("holds QuestDB " + TARGET + ", the fleet file says 9.9.9"), message);
    }

    /** Exit 3, host failed at {@code step} (no step after it ran), its message returned. */
    private String failedBeforeStop(QfleetRun run, Step step) {
        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, run.exitCode(), run.transcript());
        JsonNode result = run.onlyHost();
        assertEquals("failed", result.path("status").asText(), run.transcript());
        assertEquals(DemoResources.SOURCE_VERSION, result.path("version_before").asText(), run.transcript());
        List<String> expected = HostWorkflow.FORWARD.subList(0, HostWorkflow.FORWARD.indexOf(step) + 1).stream()
                .map(Step::label).toList();
        assertEquals(expected, stepsRun(run.jsonLines()), run.transcript());
        String message = result.path("message").asText();
        assertTrue(message.startsWith(step.label() + " failed: ") && message.endsWith("(host unchanged)"), message);
        assertFalse(message.contains("\n"), message);
        return message;
    }

    private static List<String> stepsRun(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("type").asText().equals("step_finished"))
                .map(e -> e.path("step").asText()).toList();
    }

    private Path fleetFile(PackedDistribution dist, String agent, String version, String extraHostLines) throws IOException {
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, yaml(dist, agent, version, extraHostLines));
        return file;
    }

    /** The shape LocalFleet.writeFleetFile writes; {@code extraHostLines} go after the host's agent (line 8). */
    private static String yaml(PackedDistribution dist, String agent, String version, String extraHostLines) {
        return """
                target:
                  distribution: '%s'
                  sha256: %s
                  version: %s
                hosts:
                  - name: %s
                    agent: %s
                %stimeouts:
                  stop_seconds: 60
                  health_gate_seconds: 60
                  wal_apply_seconds: 120
                """.formatted(dist.file().toAbsolutePath(), dist.sha256(), version, host.name(), agent, extraHostLines)
                + fleet.agentsYaml();
    }

    /** A loopback port nothing listens on: bound, then closed (refused connections, not timeouts). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
