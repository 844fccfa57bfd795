package io.qfleet.coordinator.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.coordinator.fleet.FleetFileLoader;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real QuestDB 8.1.4 fleet of one host, with {@link FakeAgentMain} standing in for the agent. */
class LocalFleetIT {
    private static final long ROWS = 100_000;

    @TempDir
    Path tmp;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<ProcessHandle> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLeftovers() {
        // only if an assertion failed half-way: never leave servers behind on a shared machine
        started.forEach(ProcessHandle::destroy);
        started.forEach(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        log.forEach(line -> System.out.println("[fleet] " + line));
    }

    @Test
    void createsSeedsAndCleansUp() throws Exception {
        Path work = tmp.resolve("fleet");
        DemoHost host;
        ProcessHandle questdb;
        ProcessHandle agent;
        try (LocalFleet fleet = LocalFleet.create(resources(), 1, ROWS, work, log::add)) {
            host = fleet.hosts().get(0);
            questdb = handle(host.questdbPid());
            agent = handle(host.agentPid());
            assertEquals("demo-1", host.name());
            assertEquals("127.0.0.2", host.agentHost());
            assertEquals(ROWS + ROWS / 10, host.seededRows());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host.agentHost(), host.agentPort()), 5_000);
            }
            assertTrue(Files.isRegularFile(host.installDir().resolve("questdb.jar")));

            try (Connection connection = connect(host.root()); Statement sql = connection.createStatement()) {
                assertEquals(ROWS, single(sql, "SELECT count() FROM trades"));
                assertEquals(ROWS / 10, single(sql, "SELECT count() FROM sensors"));
                Map<String, Boolean> wal = new HashMap<>();
                try (ResultSet tables = sql.executeQuery("SELECT table_name, walEnabled FROM tables()")) {
                    while (tables.next()) {
                        wal.put(tables.getString(1), tables.getBoolean(2));
                    }
                }
                assertEquals(Map.of("trades", true, "sensors", false), wal);
            }

            PackedDistribution target = new PackedDistribution(tmp.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), "ab".repeat(32), "9.2.2");
            Files.write(target.file(), new byte[] {1}); // the loader checks it exists
            Path fleetFile = fleet.writeFleetFile(target);
            assertEquals(work.resolve("fleet.yaml"), fleetFile);
            assertTrue(Files.readString(fleetFile).startsWith("# qfleet demo fleet: 1 local QuestDB servers"));
            JsonNode yaml = new YAMLMapper().readTree(fleetFile.toFile());
            assertEquals(target.file().toString(), yaml.at("/target/distribution").asText());
            assertEquals("ab".repeat(32), yaml.at("/target/sha256").asText());
            assertEquals("9.2.2", yaml.at("/target/version").asText());
            assertEquals("demo-1", yaml.at("/hosts/0/name").asText());
            assertEquals("127.0.0.2:" + host.agentPort(), yaml.at("/hosts/0/agent").asText());
            assertEquals(60, yaml.at("/timeouts/stop_seconds").asInt());
            assertEquals(60, yaml.at("/timeouts/health_gate_seconds").asInt());
            assertEquals(120, yaml.at("/timeouts/wal_apply_seconds").asInt());
            Path pki = work.resolve("pki");
            assertEquals(pki.resolve("ca.crt").toString(), yaml.at("/agents/ca").asText());
            assertEquals(pki.resolve("client-demo-coordinator.crt").toString(), yaml.at("/agents/client_cert").asText());
            assertEquals("${file:" + pki.resolve("token") + "}", yaml.at("/agents/token").asText(), "by reference only");
            assertEquals(AgentAccess.mutualTls(pki.resolve("ca.crt"), pki.resolve("client-demo-coordinator.crt"),
                    pki.resolve("client-demo-coordinator.key"), Files.readString(pki.resolve("token")).strip()),
                    FleetFileLoader.load(fleetFile).agents());

            JsonNode settings = new YAMLMapper().readTree(host.dir().resolve("agent.yaml").toFile());
            assertEquals("127.0.0.2:0", settings.at("/listen").asText());
            assertTrue(settings.at("/plaintext").isMissingNode(), "the demo's agents serve mTLS");
            assertEquals(pki.resolve("agent-127.0.0.2.crt").toString(), settings.at("/tls/cert").asText());
            assertEquals(pki.resolve("agent-127.0.0.2.key").toString(), settings.at("/tls/key").asText());
            assertEquals(pki.resolve("ca.crt").toString(), settings.at("/tls/client_ca").asText());
            assertEquals(pki.resolve("token").toString(), settings.at("/token_file").asText());
            assertEquals(host.root().toString(), settings.at("/questdb/root").asText());
            assertEquals(host.installDir().toString(), settings.at("/questdb/install_dir").asText());
            assertEquals("direct", settings.at("/questdb/run").asText());
            assertEquals("-Xmx256m", settings.at("/questdb/jvm_args/1").asText());
        }
        assertFalse(questdb.isAlive(), "QuestDB still running");
        assertFalse(agent.isAlive(), "agent still running");
        assertFalse(Files.exists(work), "work dir left behind");
    }

    @Test
    void keepLeavesEverythingRunning() throws Exception {
        Path work = tmp.resolve("kept");
        DemoHost host;
        try (LocalFleet fleet = LocalFleet.create(resources(), 1, 1_000, work, log::add)) {
            host = fleet.hosts().get(0);
            started.add(handle(host.questdbPid()));
            started.add(handle(host.agentPid()));
            fleet.keep();
        }
        assertTrue(handle(host.questdbPid()).isAlive());
        assertTrue(handle(host.agentPid()).isAlive());
        assertTrue(Files.isDirectory(host.root().resolve("db")));
        String expected = "stop with: kill " + host.questdbPid() + " " + host.agentPid();
        assertTrue(log.stream().anyMatch(line -> line.startsWith("demo-1: ") && line.endsWith(expected)), log.toString());

        for (ProcessHandle process : started) {
            process.destroy();
            assertTrue(process.onExit().orTimeout(30, TimeUnit.SECONDS).join().pid() > 0);
        }
    }

    @Test
    void closeStopsTheServerThatReplacedOurs() throws Exception {
        Path work = tmp.resolve("swapped");
        ProcessHandle successor;
        try (LocalFleet fleet = LocalFleet.create(resources(), 1, 1_000, work, log::add)) {
            DemoHost host = fleet.hosts().get(0);
            // What the agent does in the migration: stop the 8.1.4 server, start 9.2.2 on the same root.
            ProcessHandle original = handle(host.questdbPid());
            original.destroy();
            original.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            Path targetJar = resources().targetJar();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(DemoQuestDb.JVM_ARGS);
            command.addAll(List.of("-p", targetJar.toString(), "-m", DemoQuestDb.MAIN_MODULE, "-d", host.root().toString()));
            Process target = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(host.dir().resolve("questdb-9.2.2.log").toFile()).start();
            successor = target.toHandle();
            started.add(successor);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                assertTrue(target.isAlive(), "9.2.2 exited: " + Files.readString(host.dir().resolve("questdb-9.2.2.log")));
                try (Connection connection = connect(host.root()); Statement sql = connection.createStatement()) {
                    assertEquals(1_000, single(sql, "SELECT count() FROM trades")); // upgraded in place, data kept
                    break;
                } catch (SQLException e) {
                    assertTrue(System.nanoTime() < deadline, "9.2.2 not ready: " + e);
                    Thread.sleep(200);
                }
            }
            log.add("9.2.2 ready on the upgraded root");
        }
        assertFalse(successor.isAlive(), "the 9.2.2 server is still running");
        assertFalse(Files.exists(work), "work dir left behind");
    }

    @Test
    void failedCreateStopsWhatItStarted() {
        Path work = tmp.resolve("failed");
        List<String> brokenAgent = new ArrayList<>(FakeAgentMain.command());
        brokenAgent.add("--unknown-flag"); // FakeAgentMain prints its usage and exits 2
        DemoResources resources = new DemoResources(resources().questdbDir(), brokenAgent, resources().javaExecutable());

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalFleet.create(resources, 1, 1_000, work, log::add));

        assertTrue(e.getMessage().startsWith("demo-1 agent exited with 2"), e.getMessage());
        assertTrue(e.getMessage().contains("usage: FakeAgentMain"), e.getMessage());
        assertEquals(List.of(), QuestDbFinder.serving(work.resolve("demo-1/root")), "QuestDB left running");
        assertFalse(Files.exists(work), "work dir left behind");
    }

    @Test
    void sigtermDuringCreateLeavesNothingRunning() throws Exception {
        Path work = tmp.resolve("interrupted");
        Path root = work.resolve("demo-1/root");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CreateFleetMain.class.getName(),
                resources().questdbDir().toString(), work.toString());
        Path output = tmp.resolve("create.log");
        Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        started.add(create.toHandle());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (QuestDbFinder.serving(root).isEmpty()) { // QuestDB is booting: the window nobody can close()
            assertTrue(create.isAlive() && System.nanoTime() < deadline, "no QuestDB started: " + Files.readString(output));
            Thread.sleep(50);
        }
        List<ProcessHandle> servers = QuestDbFinder.serving(root);
        started.addAll(servers); // stopped by @AfterEach should the fleet orphan them

        create.destroy();

        assertTrue(create.waitFor(60, TimeUnit.SECONDS), "create did not exit");
        for (ProcessHandle server : servers) {
            assertFalse(server.isAlive(), "QuestDB " + server.pid() + " orphaned: " + Files.readString(output));
        }
        assertEquals(List.of(), QuestDbFinder.serving(root));
        assertFalse(Files.exists(work), "work dir left behind: " + Files.readString(output));
    }

    private static DemoResources resources() {
        Path questdbDir = Path.of(System.getProperty("qfleet.questdb.dir", "target/questdb"));
        return new DemoResources(questdbDir, FakeAgentMain.command(), Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    private static ProcessHandle handle(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        assertTrue(handle.isPresent(), "no process " + pid);
        return handle.get();
    }

    private static Connection connect(Path root) throws Exception {
        Properties conf = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("conf/server.conf"))) {
            conf.load(in);
        }
        String pg = conf.getProperty("pg.net.bind.to");
        return DriverManager.getConnection("jdbc:postgresql://" + pg + "/qdb?sslmode=disable", "admin", "quest");
    }

    private static long single(Statement sql, String query) throws Exception {
        try (ResultSet result = sql.executeQuery(query)) {
            assertTrue(result.next());
            return result.getLong(1);
        }
    }
}
