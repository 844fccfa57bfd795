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
 * exactly as an operator would. TLS and admins are hooks below, to be filled as those workflow steps
 * land (helper eesteps); replication (two more hosts, an fs:: store) runs for real. Nothing here
 * stands in for Enterprise.
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

    /**
     * Step 11 for real: two fresh 8.1.4 hosts, db-1 primary and db-2 its replica of cluster trades, an
     * fs:: store in a temp dir. The run goes primary first (the store claimed before the upload, keys
     * and its own instance id, restart), then seeds the replica from a checkpoint of the primary taken
     * after replication is on (copied through qfleet), role replica, its own id. Rows written on the
     * primary afterwards must reach the replica through the store.
     */
    @Test
    @Order(4)
    void replicationWithAnFsStoreAndOneReplica() throws Exception {
        Path store = shared.resolve("store");
        try (LocalFleet pair = LocalFleet.create(DemoResources.locate(), 2, ROWS, shared.resolve("replication"), FLEET_LOG::add)) {
            DemoHost primary = pair.hosts().get(0);
            DemoHost replica = pair.hosts().get(1);
            PackedDistribution enterprise = new PackedDistribution(distribution, FleetRunner.sha256(distribution), version);
            Path file = Files.writeString(shared.resolve("replication.yaml"), "target:\n"
                    + "  distribution: '" + enterprise.file() + "'\n  sha256: " + enterprise.sha256() + "\n  version: " + version + "\n"
                    + "hosts:\n"
                    + "  - {name: db-1, agent: '" + primary.agentAddress() + "', role: primary, cluster: trades}\n"
                    + "  - {name: db-2, agent: '" + replica.agentAddress() + "', role: replica, cluster: trades}\n"
                    + "replication:\n  object_store: 'fs::root=" + store + "/{cluster};atomic_write_dir=" + store + "/tmp-{cluster};'\n"
                    + "timeouts: {stop_seconds: 60, health_gate_seconds: 180, wal_apply_seconds: 120}\n"
                    + pair.agentsYaml());

            QfleetRun run = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");

            assertEquals(ExitCodes.DONE, run.exitCode(), run.transcript());
            for (JsonNode host : run.runFinished().path("hosts")) {
                assertEquals("migrated", host.path("status").asText(), run.transcript());
            }
            assertTrue(run.out().contains("seeded from db-1's checkpoint"), run.transcript());
            assertTrue(Files.exists(store.resolve("trades/.qfleet-store-owner")), "the store was claimed for the cluster");
            String primaryConf = Files.readString(primary.root().resolve("conf/server.conf"));
            String replicaConf = Files.readString(replica.root().resolve("conf/server.conf"));
            assertTrue(primaryConf.contains("replication.role=primary") && replicaConf.contains("replication.role=replica"));
            assertTrue(!instanceId(primaryConf).isEmpty() && !instanceId(primaryConf).equals(instanceId(replicaConf)),
                    "every node has its own cairo.snapshot.instance.id");

            long before = HostSnapshot.take(primary).rows().get("trades");
            try (var connection = HostSnapshot.connect(primary.root()); var sql = connection.createStatement()) {
                sql.execute("INSERT INTO trades SELECT timestamp_sequence('2025-01-01', 1000000L), 'QF', 1.0, 1.0 FROM long_sequence(1000)");
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
            long seen = -1;
            while (System.nanoTime() < deadline && seen != before + 1000) {
                Thread.sleep(1000);
                seen = HostSnapshot.take(replica).rows().getOrDefault("trades", -1L);
            }
            assertEquals(before + 1000, seen, "rows written on the primary reach the replica through the fs:: store");
        }
    }

    private static String instanceId(String conf) {
        return conf.lines().filter(l -> l.startsWith("cairo.snapshot.instance.id=")).map(l -> l.substring(l.indexOf('=') + 1))
                .findFirst().orElse("");
    }

    private static Path fleetFile() throws IOException {
        PackedDistribution enterprise = new PackedDistribution(distribution, FleetRunner.sha256(distribution), version);
        return FleetYaml.write(fleet.agentsYaml(), shared.resolve("fleet.yaml"), enterprise, List.of(host), "");
    }
}
