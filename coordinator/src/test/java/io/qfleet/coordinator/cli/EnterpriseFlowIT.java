package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import io.qfleet.coordinator.fleet.DistributionName;
import io.qfleet.coordinator.workflow.FleetRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Enterprise flow end to end, against a real Enterprise tarball: no Enterprise binary is public,
 * so this runs only when {@code QFLEET_EE_DIST} names one (e.g.
 * {@code questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz}); without it the class reports itself
 * skipped, by name, with the reason. The version comes from QuestDB's tarball name, or from
 * {@code QFLEET_EE_VERSION} for a renamed file.
 *
 * <pre>QFLEET_EE_DIST=/path/questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz ./mvnw -Pee verify</pre>
 *
 * One real QuestDB 8.1.4 host with data and its real agent, moved to Enterprise by {@code qfleet run}
 * exactly as an operator would. TLS, admins and replication are hooks below, to be filled as those
 * workflow steps land (helper eesteps); nothing here stands in for them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnterpriseFlowIT {
    static final String DIST_ENV = "QFLEET_EE_DIST";
    static final String VERSION_ENV = "QFLEET_EE_VERSION";
    private static final long ROWS = 100_000;
    private static final List<String> FLEET_LOG = new CopyOnWriteArrayList<>();
    private static final String SKIPPED = "EnterpriseFlowIT skipped: " + DIST_ENV + " is not set. No QuestDB Enterprise "
            + "binary is public; to run the Enterprise suite: " + DIST_ENV
            + "=/path/questdb-enterprise-<version>-rt-linux-amd64.tar.gz ./mvnw -Pee verify";

    @TempDir
    static Path shared;
    private static Path distribution;
    private static String version;
    private static LocalFleet fleet;
    private static DemoHost host;

    /**
     * Checked before each test, not once for the class: a class-level assumption is reported as zero
     * tests run, while a skipped test is reported by name with its reason.
     */
    @BeforeEach
    void requireEnterpriseDistribution() throws IOException {
        String dist = System.getenv(DIST_ENV);
        assumeTrue(dist != null && !dist.isBlank(), SKIPPED);
        if (fleet != null) {
            return;
        }
        distribution = Path.of(dist).toAbsolutePath();
        assertTrue(Files.isRegularFile(distribution), DIST_ENV + "=" + dist + ": no such file");
        String named = System.getenv(VERSION_ENV);
        version = named != null && !named.isBlank() ? named.strip() : DistributionName.of(distribution).version();
        assertTrue(!version.isEmpty(), DIST_ENV + "=" + dist + " is not named questdb-enterprise-<version>-rt-linux-<arch>.tar.gz;"
                + " set " + VERSION_ENV + " to the Enterprise version it holds");
        fleet = LocalFleet.create(DemoResources.locate(), 1, ROWS, shared.resolve("fleet"), FLEET_LOG::add);
        host = fleet.hosts().get(0);
    }

    /** Printed too (the ee profile shows test output on the console): the skip must be impossible to miss. */
    @BeforeAll
    static void sayWhySkipped() {
        String dist = System.getenv(DIST_ENV);
        if (dist == null || dist.isBlank()) {
            System.out.println(SKIPPED);
        }
    }

    @AfterAll
    static void stopFleet() {
        try {
            if (fleet != null) {
                fleet.close();
                assertEquals(List.of(), HostSnapshot.servingPids(host.root()), "QuestDB left running");
            }
        } finally {
            FLEET_LOG.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    /** Plan, run (stage, backup, stop, swap, start on EntServerMain, health gate, verify), plan again. */
    @Test
    @Order(1)
    void swapsToEnterpriseThroughTheNormalRunPath() throws Exception {
        Path file = fleetFile();
        long rows = HostSnapshot.take(host).totalRows();

        QfleetRun plan = QfleetRun.execute("plan", "-f", file.toString());
        assertEquals(ExitCodes.DONE, plan.exitCode(), plan.transcript());

        QfleetRun run = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");

        assertEquals(ExitCodes.DONE, run.exitCode(), run.transcript());
        JsonNode result = run.onlyHost();
        assertEquals("migrated", result.path("status").asText(), run.transcript());
        assertEquals(DemoResources.SOURCE_VERSION, result.path("version_before").asText());
        assertEquals(version, result.path("version_after").asText(), "the health gate read build() of the Enterprise server");
        assertEquals(rows, result.path("rows_before").asLong(), run.transcript());
        assertEquals(rows, result.path("rows_after").asLong(), run.transcript());
        assertEquals(1, HostSnapshot.servingPids(host.root()).size(), "one server on the root, started from EntServerMain");

        QfleetRun again = QfleetRun.execute("plan", "-f", file.toString());
        assertEquals(ExitCodes.DONE, again.exitCode(), again.transcript());
        assertTrue(again.out().contains("QuestDB " + version + " enterprise, running"), "facts read the edition: " + again.transcript());
        assertTrue(again.out().contains("already on " + version), again.transcript());
    }

    @Test
    @Order(2)
    @Disabled("TODO(eesteps): step 9, TLS: validate the operator's PEM pair on the host, install it, set tls.*, restart, "
            + "verify a TLS handshake on HTTP and PG wire of this Enterprise server")
    void tls() {
    }

    @Test
    @Order(3)
    @Disabled("TODO(eesteps): step 10, admins: override acl.admin.*, create the operator's admin accounts, verify they log in, "
            + "disable the built-in admin and verify it is refused")
    void admins() {
    }

    @Test
    @Order(4)
    @Disabled("TODO(eesteps): step 11, replication: a second host (LocalFleet.create(..., 2, ...)), the primary with an "
            + "fs::root=<dir>;atomic_write_dir=<dir>; store and its own cairo.snapshot.instance.id, one replica bootstrapped "
            + "from a checkpoint of the primary taken after replication is on; rows written on the primary reach the replica")
    void replication() {
    }

    private static Path fleetFile() throws IOException {
        PackedDistribution enterprise = new PackedDistribution(distribution, FleetRunner.sha256(distribution), version);
        return FleetYaml.write(shared.resolve("fleet.yaml"), enterprise, List.of(host), "");
    }
}
