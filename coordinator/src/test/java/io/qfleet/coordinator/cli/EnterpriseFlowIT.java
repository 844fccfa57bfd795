package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Enterprise flow end to end, against a real Enterprise tarball: no Enterprise binary is public,
 * so this runs only when {@code QFLEET_EE_DIST} names one (e.g.
 * {@code questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz}); without it the class reports itself
 * skipped, by name, with the reason. The version comes from QuestDB's tarball name, or from
 * {@code QFLEET_EE_VERSION} for a renamed file.
 *
 * <pre>QFLEET_EE_DIST=/path/questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz ./mvnw -Pee verify</pre>
 *
 * Real QuestDB 8.1.4 hosts with data and their real agents, moved to Enterprise by {@code qfleet run}
 * exactly as an operator would: the plain swap; TLS, the admins and the optional groups, users and
 * service accounts once per order ({@code in_swap}, {@code step_by_step}) on fresh hosts; a failed
 * health gate after the swap rolled back to Open Source; replication (a primary and its replica,
 * an fs:: store). Nothing here stands in for Enterprise.
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
    /** Two admins and two users, with characters SQL quoting must survive. */
    private static final Map<String, String> ADMINS = orderedMap("ops_admin", "Adm1n;'ops'--pw", "ops_backup", "B4ckup \"pw\" ?");
    private static final Map<String, String> USERS = orderedMap("alice", "Al1ce-'pw';DROP", "bob", "B0b-Zoë-中文");
    private static final Map<String, SecuredHost> SECURED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final List<LocalFleet> FLEETS = new CopyOnWriteArrayList<>();

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
            FLEETS.forEach(LocalFleet::close);
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

    /**
     * Steps 9 and 10 for real, once per order ({@code in_swap}: keys written in the swap;
     * {@code step_by_step}: one restart per change), each on a fresh one-host fleet: the operator's
     * certificate (made by {@code qfleet pki}) presented on HTTP and on PG wire, the installed key
     * 0600, the {@code tls.*} keys in server.conf.
     */
    @ParameterizedTest(name = "tls, enterprise_steps: {0}")
    @ValueSource(strings = {"in_swap", "step_by_step"})
    @Order(2)
    void tls(String order) throws Exception {
        SecuredHost flow = secured(order);
        Path installed = flow.host().root().resolve("conf/qfleet-tls");
        X509Certificate leaf = TlsPeer.leaf(flow.material().resolve("cert.pem"));
        assertEquals(leaf, TlsPeer.leaf(installed.resolve("cert.pem")), "the operator's leaf is what was installed");
        assertEquals(leaf, TlsPeer.http(flow.conf().getProperty("http.net.bind.to")), "HTTP presents the installed certificate");
        assertEquals(leaf, TlsPeer.pg(flow.conf().getProperty("pg.net.bind.to")), "PG wire presents the installed certificate");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(installed.resolve("key.pem"))));
        assertEquals("true", flow.conf().getProperty("tls.enabled"));
        assertEquals(installed.resolve("cert.pem").toString(), flow.conf().getProperty("tls.cert.path"));
        assertEquals(installed.resolve("key.pem").toString(), flow.conf().getProperty("tls.private.key.path"));

        List<String> secrets = new ArrayList<>(privateKeyLines(installed.resolve("key.pem")));
        secrets.addAll(testSecrets(flow.fleet()));
        secrets.add(flow.conf().getProperty("acl.admin.password"));
        SecretScan.assertNoSecret(secrets, List.of(flow.dir(), flow.fleet().workDir()),
                Map.of("run stdout", flow.run().out(), "run stderr", flow.run().err()));
    }

    /**
     * Step 10 for real, both orders: every fleet admin logs in over PG wire with TLS, the built-in
     * admin is refused (with the password qfleet gave it, still in server.conf), the agent's
     * credentials file is 0600; the optional groups, users and service accounts exist with their
     * grants, and the users log in. No test password in any log, journal, event record, report or
     * output of the run ({@link SecretScan}).
     */
    @ParameterizedTest(name = "admins, enterprise_steps: {0}")
    @ValueSource(strings = {"in_swap", "step_by_step"})
    @Order(3)
    void admins(String order) throws Exception {
        SecuredHost flow = secured(order);
        String pg = flow.conf().getProperty("pg.net.bind.to");
        for (Map.Entry<String, String> admin : ADMINS.entrySet()) {
            try (Connection c = tlsLogin(pg, admin.getKey(), admin.getValue()); Statement sql = c.createStatement()) {
                assertTrue(sql.executeQuery("SELECT 1").next(), admin.getKey());
            }
        }
        assertEquals("false", flow.conf().getProperty("acl.admin.user.enabled"));
        String builtin = flow.conf().getProperty("acl.admin.user", "admin");
        for (String password : List.of(flow.conf().getProperty("acl.admin.password", "quest"), "quest")) {
            assertThrows(SQLException.class, () -> tlsLogin(pg, builtin, password).close(), "the built-in admin is refused");
        }
        Path credentials = flow.host().dir().resolve("state/pg-credentials");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));

        String first = ADMINS.keySet().iterator().next();
        try (Connection c = tlsLogin(pg, first, ADMINS.get(first)); Statement sql = c.createStatement()) {
            assertTrue(firstColumn(sql, "SHOW USERS").containsAll(List.of(first, "alice", "bob")));
            assertTrue(firstColumn(sql, "SHOW GROUPS").contains("readers"));
            assertTrue(firstColumn(sql, "SHOW SERVICE ACCOUNTS").contains("ingest"));
            assertEquals(List.of("readers"), firstColumn(sql, "SHOW GROUPS alice"));
            assertTrue(permissions(sql, "readers").containsAll(List.of("PGWIRE", "SELECT ON trades")), permissions(sql, "readers").toString());
            assertTrue(permissions(sql, "bob").containsAll(List.of("PGWIRE", "HTTP", "INSERT")), permissions(sql, "bob").toString());
            assertTrue(permissions(sql, "ingest").contains("ILP"), permissions(sql, "ingest").toString());
        }
        try (Connection c = tlsLogin(pg, "alice", USERS.get("alice")); Statement sql = c.createStatement()) {
            ResultSet rows = sql.executeQuery("SELECT count() FROM trades");
            assertTrue(rows.next() && rows.getLong(1) > 0, "alice reads trades through her group");
        }
        tlsLogin(pg, "bob", USERS.get("bob")).close();

        List<String> secrets = new ArrayList<>(ADMINS.values());
        secrets.addAll(USERS.values());
        secrets.add(flow.conf().getProperty("acl.admin.password"));
        SecretScan.assertNoSecret(secrets, List.of(flow.dir(), flow.fleet().workDir()),
                Map.of("run stdout", flow.run().out(), "run stderr", flow.run().err()));
    }

    /**
     * The way back after the point of no return: the Enterprise server is frozen (SIGSTOP) as soon as it
     * exists, so the health gate fails; the host is restored from its backup to Open Source 8.1.4, its
     * data as before, and no Enterprise key is left in server.conf (Open Source with strict validation
     * would refuse to start on one).
     */
    @Test
    @Order(4)
    void aFailedHealthGateReturnsTheHostToOpenSourceWithoutEnterpriseKeys() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("rollback"));
        try (LocalFleet one = LocalFleet.create(DemoResources.locate(), 1, ROWS, dir.resolve("fleet"), FLEET_LOG::add)) {
            DemoHost target = one.hosts().get(0);
            HostSnapshot before = HostSnapshot.take(target);
            String yaml = securedFleetFile(one, dir, "in_swap").replace("health_gate_seconds: 180", "health_gate_seconds: 20");
            Files.writeString(dir.resolve("fleet.yaml"), yaml);

            QfleetProcess run = QfleetProcess.start(dir.resolve("logs"), "run", "run", "-f", dir.resolve("fleet.yaml").toString(),
                    "--output", "json");
            long hung = TargetFailuresIT.await(run, () -> HostSnapshot.servingPids(target.root()).stream()
                    .filter(p -> p != before.pid()).findFirst());
            TargetFailuresIT.signal("STOP", hung);
            TargetFailuresIT.await(run, () -> TargetFailuresIT.event(run, e -> e.path("type").asText().equals("step_finished")
                    && e.path("step").asText().equals("health gate") && !e.path("ok").asBoolean(true)));
            TargetFailuresIT.signal("CONT", hung);
            int code = run.await(java.time.Duration.ofMinutes(10));

            assertEquals(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, code, run.transcript());
            assertEquals("rolled_back", run.finishedHosts().values().iterator().next().path("status").asText(), run.transcript());
            HostSnapshot after = HostSnapshot.take(target);
            assertEquals(DemoResources.SOURCE_VERSION, after.version());
            assertEquals(before.rows(), after.rows(), "data intact");
            String conf = Files.readString(target.root().resolve("conf/server.conf"));
            for (String prefix : List.of("tls.", "acl.", "replication.", "http.min.tls.")) {
                assertFalse(conf.lines().anyMatch(l -> l.strip().startsWith(prefix)), "Enterprise key " + prefix + "* left in server.conf");
            }
            assertFalse(Files.exists(target.dir().resolve("state/pg-credentials")), "the agent is back on its settings' credentials");
        }
    }

    /**
     * Step 11 for real: two fresh 8.1.4 hosts, db-1 primary and db-2 its replica of cluster trades, an
     * fs:: store in a temp dir. The run goes primary first (the store claimed before the upload, keys
     * and its own instance id, restart), then seeds the replica from a checkpoint of the primary taken
     * after replication is on (copied through qfleet), role replica, its own id. Rows written on the
     * primary afterwards must reach the replica through the store.
     */
    @Test
    @Order(5)
    void replicationWithAnFsStoreAndOneReplica() throws Exception {
        try (LocalFleet pair = LocalFleet.create(DemoResources.locate(), 2, ROWS, shared.resolve("replication"), FLEET_LOG::add)) {
            Path store = pair.fsStoreDir(); // the agents' replication.fs_store_dirs
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

            // No store key here (an fs:: store has none, and an s3 key could not be checked without a store): the
            // agents' token, the test's passwords and any admin password qfleet set are what must not show.
            List<String> secrets = new ArrayList<>(testSecrets(pair));
            for (String conf : List.of(primaryConf, replicaConf)) {
                conf.lines().filter(l -> l.startsWith("acl.admin.password=")).forEach(l -> secrets.add(l.substring(l.indexOf('=') + 1)));
            }
            SecretScan.assertNoSecret(secrets, List.of(shared), // the run's journal sits beside replication.yaml
                    Map.of("run stdout", run.out(), "run stderr", run.err()));
        }
    }

    /** The passwords of the fleet files and the agents' bearer token. */
    private static List<String> testSecrets(LocalFleet fleet) {
        List<String> secrets = new ArrayList<>(ADMINS.values());
        secrets.addAll(USERS.values());
        secrets.add(fleet.agentAccess().token());
        return secrets;
    }

    /** The base64 lines of a PEM private key: any of them in a log would be a piece of the key. */
    private static List<String> privateKeyLines(Path pem) throws IOException {
        return Files.readAllLines(pem).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("-----")).toList();
    }

    /** One order's migrated host: its fleet, the run, the operator's material, server.conf after the run. */
    record SecuredHost(LocalFleet fleet, DemoHost host, Path dir, Path material, QfleetRun run, Properties conf) {}

    /** The host migrated with TLS, admins and the optional accounts in {@code order}, run once per order. */
    private static synchronized SecuredHost secured(String order) throws Exception {
        SecuredHost done = SECURED.get(order);
        if (done != null) {
            return done;
        }
        Path dir = Files.createDirectories(shared.resolve(order));
        LocalFleet one = LocalFleet.create(DemoResources.locate(), 1, ROWS, dir.resolve("fleet"), FLEET_LOG::add);
        FLEETS.add(one);
        Files.writeString(dir.resolve("fleet.yaml"), securedFleetFile(one, dir, order));

        QfleetRun run = QfleetRun.execute("run", "-f", dir.resolve("fleet.yaml").toString(), "--output", "json");

        assertEquals(ExitCodes.DONE, run.exitCode(), run.transcript());
        assertEquals("migrated", run.onlyHost().path("status").asText(), run.transcript());
        assertTrue(run.out().contains("TLS handshakes verified"), run.transcript());
        assertTrue(run.out().contains("built-in admin disabled and refused"), run.transcript());
        assertTrue(run.out().contains("groups readers; users alice, bob (alice, bob log in); service accounts ingest in place"),
                run.transcript());
        Properties conf = new Properties();
        try (var in = Files.newInputStream(one.hosts().get(0).root().resolve("conf/server.conf"))) {
            conf.load(in);
        }
        SecuredHost flow = new SecuredHost(one, one.hosts().get(0), dir, dir.resolve("pki"), run, conf);
        SECURED.put(order, flow);
        return flow;
    }

    /**
     * TLS material from {@code qfleet pki} for the host's addresses (cert.pem = leaf + CA), passwords
     * in files beside the fleet file, the admins and the optional accounts; {@code order} as given.
     */
    private static String securedFleetFile(LocalFleet one, Path dir, String order) throws IOException {
        DemoHost target = one.hosts().get(0);
        Path pki = dir.resolve("pki");
        assertEquals(ExitCodes.DONE, QfleetRun.execute("pki", "init", "--dir", pki.toString()).exitCode());
        assertEquals(ExitCodes.DONE, QfleetRun.execute("pki", "issue-agent", target.agentHost(), "--ip", "127.0.0.1", "--dns",
                "localhost", "--dir", pki.toString()).exitCode());
        Files.writeString(pki.resolve("cert.pem"), Files.readString(pki.resolve("agent-" + target.agentHost() + ".crt"))
                + Files.readString(pki.resolve("ca.crt")));
        Map<String, String> secrets = new LinkedHashMap<>(ADMINS);
        secrets.putAll(USERS);
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            Files.writeString(dir.resolve("pw-" + secret.getKey()), secret.getValue() + "\n");
        }
        PackedDistribution enterprise = new PackedDistribution(distribution, FleetRunner.sha256(distribution), version);
        return "target:\n  distribution: '" + enterprise.file() + "'\n  sha256: " + enterprise.sha256() + "\n  version: " + version + "\n"
                + "hosts:\n  - {name: db-1, agent: '" + target.agentAddress() + "'}\n"
                + "tls:\n  cert: '" + pki.resolve("cert.pem") + "'\n  key: '" + pki.resolve("agent-" + target.agentHost() + ".key") + "'\n"
                + "admins:\n" + ADMINS.keySet().stream().map(n -> "  - {name: " + n + ", password: '${file:pw-" + n + "}'}\n")
                        .collect(java.util.stream.Collectors.joining())
                + "access:\n"
                + "  groups:\n    - name: readers\n      grants: [{permissions: [PGWIRE]}, {permissions: [SELECT], tables: [trades]}]\n"
                + "  users:\n    - {name: alice, password: '${file:pw-alice}', groups: [readers]}\n"
                + "    - name: bob\n      password: '${file:pw-bob}'\n"
                + "      grants: [{permissions: [PGWIRE, HTTP]}, {permissions: [INSERT], all_tables: true}]\n"
                + "  service_accounts:\n    - {name: ingest, owned_by: readers, grants: [{permissions: [ILP]}], assumable_by: [bob]}\n"
                + "enterprise_steps: " + order + "\n"
                + "timeouts: {stop_seconds: 60, health_gate_seconds: 180, wal_apply_seconds: 120}\n"
                + one.agentsYaml();
    }

    private static Connection tlsLogin(String pg, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + pg + "/qdb?sslmode=require&sslfactory="
                + "org.postgresql.ssl.NonValidatingFactory&connectTimeout=10", user, password);
    }

    private static List<String> firstColumn(Statement sql, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** {@code SHOW PERMISSIONS e} as "PERMISSION" or "PERMISSION ON table" (columns permission, table_name per the docs). */
    private static List<String> permissions(Statement sql, String entity) throws SQLException {
        List<String> granted = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("SHOW PERMISSIONS " + entity)) {
            int table = -1;
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                if (rows.getMetaData().getColumnLabel(i).equalsIgnoreCase("table_name")) {
                    table = i;
                }
            }
            while (rows.next()) {
                String on = table < 0 ? null : rows.getString(table);
                granted.add(rows.getString(1) + (on == null || on.isEmpty() ? "" : " ON " + on));
            }
        }
        return granted;
    }

    private static String instanceId(String conf) {
        return conf.lines().filter(l -> l.startsWith("cairo.snapshot.instance.id=")).map(l -> l.substring(l.indexOf('=') + 1))
                .findFirst().orElse("");
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Path fleetFile() throws IOException {
        PackedDistribution enterprise = new PackedDistribution(distribution, FleetRunner.sha256(distribution), version);
        return FleetYaml.write(fleet.agentsYaml(), shared.resolve("fleet.yaml"), enterprise, List.of(host), "");
    }
}
