package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication through {@code qfleet plan} and {@code qfleet run}, black box, on two real QuestDB 8.1.4
 * hosts (a primary and its replica, each with its real agent). The target is Open Source, so the
 * stage refuses it (replication needs Enterprise) and both hosts end unchanged; what runs before that
 * is real: the primary's fs:: store refused, then cleared on the operator's word and claimed, and
 * an s3 store string (carried to the primary's agent), an admin password and the optional accounts'
 * passwords, all taken from files, never written to a log, journal, event, report, plan or the CLI's output.
 */
class ReplicationRunIT {
    private static final String STORE_SECRET = "wJalrXUtnFEMI-K7MDENG-s3Secret";
    private static final String ADMIN_PASSWORD = "Adm1n-pw-'never-shown'";
    private static final String USER_PASSWORD = "Us3r-pw;--'never-shown'";
    private static final String SERVICE_PASSWORD = "Svc-pw-\"never-shown\"";
    private static final List<String> FLEET_LOG = new CopyOnWriteArrayList<>();

    @TempDir
    static Path shared;
    private static LocalFleet fleet;
    private static PackedDistribution target;

    @TempDir
    Path dir;

    @BeforeAll
    static void startFleet() {
        DemoResources resources = DemoResources.locate();
        fleet = LocalFleet.create(resources, 2, 10_000, shared.resolve("fleet"), FLEET_LOG::add);
        target = DistributionPacker.pack(resources.targetJar(), DemoResources.TARGET_VERSION, shared.resolve("dist"));
    }

    @AfterAll
    static void stopFleet() {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            FLEET_LOG.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    @Test
    void aForeignFsStoreIsRefusedUntouchedThenClearedOnlyWhenConfirmed() throws Exception {
        Path nfs = fleet.fsStoreDir(); // the agents' replication.fs_store_dirs
        Path store = Files.createDirectories(nfs.resolve("trades"));
        Files.writeString(store.resolve("from-a-test-instance"), "x");
        String section = "replication:\n  object_store: 'fs::root=" + nfs + "/{cluster};atomic_write_dir="
                + nfs + "/tmp-{cluster};'\n";
        long primaryPid = HostSnapshot.take(primary()).pid();

        QfleetRun refused = QfleetRun.execute("run", "-f", fleetFile(section).toString(), "--output", "json");
        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, refused.exitCode(), refused.transcript());
        JsonNode primary = host(refused, "db-1");
        assertEquals("failed", primary.path("status").asText(), refused.transcript());
        assertTrue(primary.path("message").asText().startsWith("store check failed: fs store " + store)
                && primary.path("message").asText().contains("replication.clear_fs_store: [trades]"), refused.transcript());
        assertTrue(Files.exists(store.resolve("from-a-test-instance")), "nothing cleared without the operator's word");
        assertEquals(primaryPid, HostSnapshot.take(primary()).pid());

        QfleetRun cleared = QfleetRun.execute("run", "-f", fleetFile(section + "  clear_fs_store: [trades]\n").toString(), "--output", "json");
        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, cleared.exitCode(), cleared.transcript());
        assertTrue(host(cleared, "db-1").path("message").asText().contains("enterprise_required")
                || host(cleared, "db-1").path("message").asText().contains("Enterprise"), "past the store, the stage refuses Open Source: "
                + cleared.transcript());
        try (Stream<Path> left = Files.list(store)) {
            assertEquals(List.of(".qfleet-store-owner"), left.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(primaryPid, HostSnapshot.take(primary()).pid(), "QuestDB never stopped");
    }

    @Test
    void storeKeysAndAdminPasswordsReachNoLogJournalEventReportOrOutput() throws Exception {
        Files.writeString(dir.resolve("store-secret"), STORE_SECRET + "\n");
        Files.writeString(dir.resolve("admin-password"), ADMIN_PASSWORD + "\n");
        Files.writeString(dir.resolve("user-password"), USER_PASSWORD + "\n");
        Files.writeString(dir.resolve("service-password"), SERVICE_PASSWORD + "\n");
        Path file = fleetFile("admins:\n  - name: ops_admin\n    password: ${file:admin-password}\n"
                + "access:\n  users:\n    - name: alice\n      password: ${file:user-password}\n      grants: [{permissions: [PGWIRE]}]\n"
                + "  service_accounts:\n    - {name: ingest, password: '${file:service-password}', assumable_by: [alice]}\n"
                + "replication:\n  object_store: 's3::bucket=qdb;root={cluster};region=eu-west-1;access_key_id=AKIAQFLEETTEST;"
                + "secret_access_key=${file:store-secret};'\n");

        QfleetRun plan = QfleetRun.execute("plan", "-f", file.toString(), "-o", dir.resolve("plan.json").toString());
        assertEquals(ExitCodes.DONE, plan.exitCode(), plan.transcript());
        assertTrue(plan.out().contains("replication.object.store=s3::bucket=qdb;root=trades;region=eu-west-1;access_key_id=***;"
                + "secret_access_key=***;"), plan.transcript());
        assertTrue(plan.out().contains("then, as ops_admin: user alice (password from the fleet file, checked by a PG login; PGWIRE),"
                + " service account ingest (password from the fleet file; assumable by alice)"), plan.transcript());
        assertTrue(plan.out().contains("non-WAL tables (warning): cluster trades: sensors will not replicate"), plan.transcript());
        QfleetRun run = QfleetRun.execute("run", "-f", file.toString(), "--output", "json");
        assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("nothing on this host to check"), "the store string reached the primary's agent: " + run.transcript());
        QfleetRun report = QfleetRun.execute("report", dir.resolve("qfleet-runs").toFile().listFiles()[0].toString());

        SecretScan.assertNoSecret(List.of(STORE_SECRET, ADMIN_PASSWORD, USER_PASSWORD, SERVICE_PASSWORD, fleet.agentAccess().token()),
                List.of(dir, fleet.workDir()), Map.of(
                "plan stdout", plan.out(), "plan stderr", plan.err(), "run stdout", run.out(), "run stderr", run.err(),
                "report stdout", report.out(), "report stderr", report.err()));
        try (Stream<Path> records = Files.walk(fleet.workDir())) {
            assertTrue(records.filter(p -> p.getFileName().toString().contains("replication-check")).anyMatch(p -> {
                try {
                    return Files.readString(p).contains("hmac-sha256:");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }), "the agent keeps the store string as a fingerprint only");
        }
    }

    private static DemoHost primary() {
        return fleet.hosts().get(0);
    }

    private static JsonNode host(QfleetRun run, String name) {
        for (JsonNode host : run.runFinished().path("hosts")) {
            if (host.path("host").asText().equals(name) || host.path("name").asText().equals(name)) {
                return host;
            }
        }
        throw new AssertionError(name + " not in run_finished\n" + run.transcript());
    }

    private Path fleetFile(String sections) throws IOException {
        DemoHost p = fleet.hosts().get(0);
        DemoHost r = fleet.hosts().get(1);
        return Files.writeString(dir.resolve("fleet.yaml"), "target:\n"
                + "  distribution: '" + target.file().toAbsolutePath() + "'\n"
                + "  sha256: " + target.sha256() + "\n"
                + "  version: " + target.version() + "\n"
                + "hosts:\n"
                + "  - {name: db-1, agent: '" + p.agentAddress() + "', role: primary, cluster: trades}\n"
                + "  - {name: db-2, agent: '" + r.agentAddress() + "', role: replica, cluster: trades}\n"
                + sections
                + "timeouts: {stop_seconds: 30, health_gate_seconds: 60, wal_apply_seconds: 60}\n"
                + fleet.agentsYaml());
    }
}
