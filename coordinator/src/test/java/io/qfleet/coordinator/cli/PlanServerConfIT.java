package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import io.qfleet.coordinator.fleet.DistributionConfKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan's server.conf diff, black box, on one real QuestDB 8.1.4 host with its real agent: an
 * Enterprise fleet file (TLS, admins, replication with an s3 key) planned against the host's actual
 * server.conf shows the diff per host, indented, in the text and in plan.json, secrets as ***; an
 * Open Source upgrade shows "unchanged"; and {@code run --plan} refuses, changing nothing, once the
 * host's server.conf was edited by hand after the plan. Planning needs no Enterprise binary.
 */
class PlanServerConfIT {
    private static final String STORE_SECRET = "wJalrXUtnFEMI-plan-diff-s3Secret";
    private static final String ADMIN_PASSWORD = "Adm1n-plan-'never-shown'";
    private static final List<String> FLEET_LOG = new CopyOnWriteArrayList<>();
    /** In 8.1.4's key list, not in 9.2.2's. */
    private static final String DROPPED_KEY = "line.tcp.symbol.cache.wait.us.before.reload";

    @TempDir
    static Path shared;
    private static LocalFleet fleet;
    private static DemoHost host;
    private static PackedDistribution target;

    @TempDir
    Path dir;

    @BeforeAll
    static void startFleet() {
        DemoResources resources = DemoResources.locate();
        fleet = LocalFleet.create(resources, 1, 1_000, shared.resolve("fleet"), FLEET_LOG::add);
        host = fleet.hosts().get(0);
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
    void planShowsTheDiffAgainstTheHostsServerConfWithSecretsMasked() throws Exception {
        Files.writeString(dir.resolve("store-secret"), STORE_SECRET + "\n");
        Files.writeString(dir.resolve("admin-password"), ADMIN_PASSWORD + "\n");
        Path conf = host.root().resolve("conf/server.conf");
        byte[] before = Files.readAllBytes(conf);
        List<String> lastLines = Files.readAllLines(conf, StandardCharsets.ISO_8859_1);
        Path file = fleetFile("  - {name: db-1, agent: '" + host.agentAddress() + "', role: primary, cluster: trades}\n"
                + "tls:\n  demo: true\n"
                + "admins:\n  - name: ops_admin\n    password: ${file:admin-password}\n"
                + "replication:\n  object_store: 's3::bucket=qdb;root={cluster};region=eu-west-1;access_key_id=AKIAQFLEETTEST;"
                + "secret_access_key=${file:store-secret};'\n");

        QfleetRun plan = QfleetRun.execute("plan", "-f", file.toString(), "-o", dir.resolve("plan.json").toString());

        assertEquals(ExitCodes.DONE, plan.exitCode(), plan.transcript());
        assertTrue(plan.out().contains("\n  server.conf: written by swap: tls.enabled, tls.demo.mode, http.min.tls.enabled, acl.admin.password;"
                + " admins: acl.admin.user.enabled; replication: replication.role, replication.object.store, cairo.snapshot.instance.id\n"
                + "    --- a/conf/server.conf\n    +++ b/conf/server.conf\n    @@ -"), plan.transcript());
        String context = lastLines.subList(lastLines.size() - 3, lastLines.size()).stream().map(l -> "     " + l + "\n")
                .collect(Collectors.joining());
        assertTrue(plan.out().contains(context + "    +\n    +# --- managed by qfleet: keys added on "), "the host's own last lines as context: "
                + plan.transcript());
        assertTrue(plan.out().contains("\n    +tls.demo.mode=true\n    +http.min.tls.enabled=false\n    +acl.admin.password=***\n"
                + "    +acl.admin.user.enabled=false\n    +replication.role=primary\n    +replication.object.store=s3::bucket=qdb;root=trades;"
                + "region=eu-west-1;access_key_id=***;secret_access_key=***;\n    +cairo.snapshot.instance.id="), plan.transcript());
        JsonNode planned = new ObjectMapper().readTree(dir.resolve("plan.json").toFile()).path("hosts").get(0);
        String diff = planned.path("server_conf_diff").asText();
        assertTrue(diff.startsWith("--- a/conf/server.conf\n+++ b/conf/server.conf\n@@ "), planned.toString());
        assertEquals(diff.lines().map(l -> "    " + l).collect(Collectors.joining("\n")),
                plan.out().lines().filter(l -> l.startsWith("    ")).collect(Collectors.joining("\n")), "the text shows plan.json's diff");
        assertTrue(planned.path("server_conf_exists").asBoolean());
        assertEquals(64, planned.path("server_conf_sha256").asText().length(), planned.toString());
        SecretScan.assertNoSecret(List.of(STORE_SECRET, ADMIN_PASSWORD), List.of(dir), Map.of("plan stdout", plan.out(),
                "plan stderr", plan.err()));
        assertEquals(new String(before, StandardCharsets.ISO_8859_1), Files.readString(conf, StandardCharsets.ISO_8859_1),
                "planning wrote nothing to server.conf");
    }

    @Test
    void runWithAPlanRefusesOnceTheHostsServerConfWasEditedByHand() throws Exception {
        Path file = fleetFile("  - {name: db-1, agent: '" + host.agentAddress() + "'}\n");
        Path planJson = dir.resolve("plan.json");
        QfleetRun plan = QfleetRun.execute("plan", "-f", file.toString(), "-o", planJson.toString());
        assertEquals(ExitCodes.DONE, plan.exitCode(), plan.transcript());
        assertTrue(plan.out().contains("\n  server.conf: unchanged\n"), "an Open Source upgrade writes nothing: " + plan.transcript());
        assertEquals("", new ObjectMapper().readTree(planJson.toFile()).path("hosts").get(0).path("server_conf_diff").asText());

        Path conf = host.root().resolve("conf/server.conf");
        Files.writeString(conf, "# edited by hand after the plan\n", StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        String edited = Files.readString(conf, StandardCharsets.ISO_8859_1);
        HostSnapshot before = HostSnapshot.take(host);

        QfleetRun run = QfleetRun.execute("run", "-f", file.toString(), "--plan", planJson.toString(), "--runs-dir",
                dir.resolve("runs").toString());

        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertEquals(1, run.err().lines().count(), "one line, no usage text: " + run.transcript());
        String line = run.err().lines().findFirst().orElse("");
        assertTrue(line.startsWith("qfleet: " + planJson + ": host db-1: its server.conf changed since the plan (sha256 "), run.transcript());
        assertTrue(line.endsWith("), so the plan's server.conf diff no longer holds; make a new plan with qfleet plan"), run.transcript());
        before.assertUnchanged(HostSnapshot.take(host));
        assertEquals(edited, Files.readString(conf, StandardCharsets.ISO_8859_1), "server.conf as the operator left it");
        assertFalse(Files.exists(dir.resolve("runs")), "no run was started, and the runs dir made for it went again");
    }

    /**
     * A key the running 8.1.4 knows and 9.2.2 dropped, under strict validation: the plan fails the host's check and
     * names the key, before anything is staged (the stage step would refuse it too: AgentStagingIT). The key lists come
     * from the real jars: the agent's from the installed 8.1.4, the coordinator's from the packed 9.2.2 tarball.
     */
    @Test
    void planRefusesAServerConfKeyTheTargetDropped() throws Exception {
        assertTrue(DistributionConfKeys.of(target.file()).orElseThrow().contains("config.validation.strict"));
        assertFalse(DistributionConfKeys.of(target.file()).orElseThrow().contains(DROPPED_KEY));
        Path notATarball = Files.write(dir.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), new byte[] {1});
        assertTrue(DistributionConfKeys.of(notATarball).isEmpty(), "unreadable: not known, never a refusal");

        Path conf = host.root().resolve("conf/server.conf");
        byte[] before = Files.readAllBytes(conf);
        Path file = fleetFile("  - {name: db-1, agent: '" + host.agentAddress() + "'}\n");
        try {
            Files.writeString(conf, "config.validation.strict=true\n" + DROPPED_KEY + "=500\n", StandardCharsets.ISO_8859_1,
                    StandardOpenOption.APPEND);

            QfleetRun plan = QfleetRun.execute("plan", "-f", file.toString(), "-o", dir.resolve("plan.json").toString());

            assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, plan.exitCode(), plan.transcript());
            assertTrue(plan.out().contains("FAILED server.conf keys known to the target: server.conf sets " + DROPPED_KEY
                    + ", which QuestDB 9.2.2 no longer knows: with config.validation.strict=true its first start would exit 55 after"
                    + " the stop; remove it (or set config.validation.strict=false) and plan again"), plan.transcript());

            Files.write(conf, before);
            QfleetRun strictOff = QfleetRun.execute("plan", "-f", file.toString(), "-o", dir.resolve("plan-2.json").toString());
            assertEquals(ExitCodes.DONE, strictOff.exitCode(), strictOff.transcript());
            assertFalse(strictOff.out().contains("server.conf keys"), "without strict validation nothing to check: " + strictOff.transcript());
        } finally {
            Files.write(conf, before);
        }
    }

    private Path fleetFile(String hostsAndSections) throws Exception {
        return Files.writeString(dir.resolve("fleet.yaml"), "target:\n"
                + "  distribution: '" + target.file().toAbsolutePath() + "'\n"
                + "  sha256: " + target.sha256() + "\n"
                + "  version: " + target.version() + "\n"
                + "hosts:\n"
                + hostsAndSections
                + "timeouts: {stop_seconds: 30, health_gate_seconds: 60, wal_apply_seconds: 60}\n"
                + fleet.agentsYaml());
    }
}
