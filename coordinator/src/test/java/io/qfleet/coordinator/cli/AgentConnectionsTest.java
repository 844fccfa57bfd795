package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.netty.NettyServerBuilder;
import io.qfleet.coordinator.bench.FakeAgentService;
import io.qfleet.coordinator.journal.RunJournal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each fleet command dials every agent once, whatever its phases: at a thousand hosts a connection
 * per phase costs a TCP and HTTP/2 handshake per host each time. The agents are
 * {@link FakeAgentService} (operations that succeed at once) behind a real gRPC server listening on
 * a port per host, which counts the connections each port accepts. Bad arguments (a plan that cannot
 * hold the run, nowhere to write the plan or the journal, a journal that is not one) dial none.
 */
class AgentConnectionsTest {
    private static final int HOSTS = 3;
    private static final String LOOPBACK = "127.0.0.1"; // as the fleet file names the agents

    @TempDir
    Path dir;

    private Server server;
    /** Connections accepted, by the port the agent of one host listens on. */
    private final Map<Integer, AtomicInteger> accepted = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0));
        for (int i = 1; i < HOSTS; i++) {
            builder.addListenAddress(new InetSocketAddress(LOOPBACK, 0));
        }
        builder.addTransportFilter(new ServerTransportFilter() {
            @Override
            public Attributes transportReady(Attributes transport) {
                int port = ((InetSocketAddress) transport.get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR)).getPort();
                accepted.computeIfAbsent(port, p -> new AtomicInteger()).incrementAndGet();
                return transport;
            }
        });
        FakeAgentService agents = new FakeAgentService();
        server = builder.addService(agents.hosts()).addService(agents.distributions()).addService(agents.operations()).build().start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void planRunAndAResumedRunEachDialEveryAgentOnce() throws Exception {
        Path fleetFile = fleetFile();
        Path runs = dir.resolve("runs");

        QfleetRun plan = QfleetRun.execute("plan", "-f", fleetFile.toString(), "-o", dir.resolve("plan.json").toString());
        assertEquals(ExitCodes.DONE, plan.exitCode(), plan.transcript());
        assertEquals(once(), connections(), "plan: " + plan.transcript());
        accepted.clear();

        // The plan's check, the shared-storage marks, staging and every wave over one connection per agent.
        QfleetRun run = QfleetRun.execute("run", "-f", fleetFile.toString(), "--plan", dir.resolve("plan.json").toString(),
                "--runs-dir", runs.toString(), "--no-live");
        assertEquals(ExitCodes.DONE, run.exitCode(), run.transcript());
        assertEquals(once(), connections(), "run: " + run.transcript());

        // The coordinator "crashed" right after the run started: resume marks the roots, stages and
        // runs every wave again (re-attaching to the operations by id), all over the one connection.
        Path journal = onlyRun(runs).resolve(RunJournal.FILE_NAME);
        Files.writeString(journal, Files.readAllLines(journal).get(0) + "\n");
        accepted.clear();

        QfleetRun resume = QfleetRun.execute("resume", "-f", fleetFile.toString(), "--runs-dir", runs.toString(), "--no-live");
        assertEquals(ExitCodes.DONE, resume.exitCode(), resume.transcript()); // every host migrated
        assertEquals(once(), connections(), "resume: " + resume.transcript());
    }

    /**
     * A plan that cannot hold the run is refused in one line before any agent is dialled: the check
     * would otherwise mark every host's root (and at a thousand hosts take seconds) only to refuse.
     */
    @Test
    void aRunRefusedForItsPlanFileDialsNoAgent() throws Exception {
        Path fleetFile = fleetFile();
        Path planFile = dir.resolve("plan.json");
        QfleetRun plan = QfleetRun.execute("plan", "-f", fleetFile.toString(), "-o", planFile.toString());
        assertEquals(ExitCodes.DONE, plan.exitCode(), plan.transcript());
        String goodPlan = Files.readString(planFile);
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("{\"plan_hash\": \"ab\",\n", "not JSON (line 2: Unexpected end-of-input");
        refusals.put("{\"plan_hash\": [1]}\n", "not a plan from qfleet plan -o (line 1: its keys or values are not a plan's)");
        refusals.put("{}\n", "not a plan from qfleet plan -o (");
        refusals.put("", "empty; make a new plan with qfleet plan");
        refusals.put(goodPlan.replaceFirst("\"fingerprint\" : \"[^\"]*\"", "\"fingerprint\" : null"),
                "not a plan from qfleet plan -o (a host without its name or fingerprint)");
        refusals.put(goodPlan.replaceFirst("\"fleet_sha256\" : \"\\w+\"", "\"fleet_sha256\" : \"" + "0".repeat(64) + "\""),
                "the fleet file changed since the plan was made; make a new plan with qfleet plan");
        refusals.put(goodPlan.replace("\"skip_backup\" : false", "\"skip_backup\" : true"),
                "the plan was made with --skip-backup and this run would back up (add --skip-backup, or make a new plan without it)");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Files.writeString(planFile, refusal.getKey());
            assertRefusedUndialled(fleetFile, planFile, refusal.getValue());
        }
        Files.writeString(planFile, goodPlan);
        assertRefusedUndialled(fleetFile, planFile, "the plan backs up every host and this run has --skip-backup (drop it, or make "
                + "a new plan with qfleet plan --skip-backup)", "--skip-backup");
        assertFalse(Files.exists(dir.resolve("runs")), "a refused run started no journal");
    }

    /** A plan written before plan.json recorded skip_backup: its hash alone holds the run to the flag, as it did. */
    @Test
    void aPlanFromBeforeSkipBackupWasRecordedStillHoldsItsRun() throws Exception {
        Path fleetFile = fleetFile();
        Path planFile = dir.resolve("plan.json");
        QfleetRun plan = QfleetRun.execute("plan", "-f", fleetFile.toString(), "-o", planFile.toString(), "--skip-backup");
        assertEquals(ExitCodes.DONE, plan.exitCode(), plan.transcript());
        String older = Files.readString(planFile).replaceFirst("\\s*\"skip_backup\" : true,", "");
        assertFalse(older.contains("skip_backup"), older);
        Files.writeString(planFile, older);

        QfleetRun run = QfleetRun.execute("run", "-f", fleetFile.toString(), "--plan", planFile.toString(), "--skip-backup",
                "--runs-dir", dir.resolve("runs").toString(), "--no-live");
        assertEquals(ExitCodes.DONE, run.exitCode(), run.transcript());
    }

    @Test
    void aPlanWithNowhereToWriteItDialsNoAgent() throws Exception {
        Path planFile = dir.resolve("none").resolve("plan.json");
        QfleetRun plan = QfleetRun.execute("plan", "-f", fleetFile().toString(), "-o", planFile.toString());
        assertEquals(ExitCodes.USAGE, plan.exitCode(), plan.transcript());
        assertEquals(List.of("qfleet: -o " + planFile + ": no such directory (create it, or write the plan elsewhere)"),
                plan.err().lines().toList());
        assertEquals(Map.of(), connections(), "dialled: " + plan.transcript());

        QfleetRun intoADirectory = QfleetRun.execute("plan", "-f", fleetFile().toString(), "-o", dir.toString());
        assertEquals(ExitCodes.USAGE, intoADirectory.exitCode(), intoADirectory.transcript());
        assertEquals(List.of("qfleet: -o " + dir + ": is a directory (name the plan's file, e.g. " + dir.resolve("plan.json") + ")"),
                intoADirectory.err().lines().toList());
        assertEquals(Map.of(), connections(), "dialled: " + intoADirectory.transcript());

        try (ImmutableDirectory readOnly = ImmutableDirectory.of(Files.createDirectories(dir.resolve("read-only")))) {
            Path into = readOnly.path().resolve("plan.json");
            QfleetRun intoReadOnly = QfleetRun.execute("plan", "-f", fleetFile().toString(), "-o", into.toString());
            assertEquals(ExitCodes.USAGE, intoReadOnly.exitCode(), intoReadOnly.transcript());
            assertEquals(List.of("qfleet: -o " + into + ": cannot write in its directory (permission denied)"),
                    intoReadOnly.err().lines().toList());
            assertEquals(Map.of(), connections(), "dialled: " + intoReadOnly.transcript());
        }
    }

    @Test
    void aRunWithNowhereToKeepItsJournalDialsNoAgent() throws Exception {
        Path inTheWay = Files.writeString(dir.resolve("a-file"), "");
        QfleetRun run = QfleetRun.execute("run", "-f", fleetFile().toString(), "--runs-dir", inTheWay.resolve("runs").toString(),
                "--no-live");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.transcript());
        assertTrue(lines.get(0).startsWith("qfleet: --runs-dir " + inTheWay.resolve("runs") + ": cannot make the directory ("), run.transcript());
        assertEquals(Map.of(), connections(), "dialled: " + run.transcript());

        try (ImmutableDirectory readOnly = ImmutableDirectory.of(Files.createDirectories(dir.resolve("read-only-runs")))) {
            QfleetRun intoReadOnly = QfleetRun.execute("run", "-f", fleetFile().toString(), "--runs-dir", readOnly.path().toString(),
                    "--no-live");
            assertEquals(ExitCodes.USAGE, intoReadOnly.exitCode(), intoReadOnly.transcript());
            assertEquals(List.of("qfleet: --runs-dir " + readOnly.path() + ": cannot write in the directory (permission denied)"),
                    intoReadOnly.err().lines().toList());
            assertEquals(Map.of(), connections(), "dialled: " + intoReadOnly.transcript());
        }
    }

    /** A journal edited by hand (a line that is not an entry) is named in one line by status and resume, and no agent is dialled. */
    @ParameterizedTest
    @ValueSource(strings = {"not an entry|Unrecognized token 'not'", "{\"type\": \"bogus\"}|its type or fields are not those of an entry"})
    void aJournalThatIsNotOneIsRefusedWithoutDialling(String lineAndWhy) throws Exception {
        String[] parts = lineAndWhy.split("\\|");
        Path fleetFile = fleetFile();
        Path journal = Files.createDirectories(dir.resolve("runs").resolve("r1")).resolve(RunJournal.FILE_NAME);
        Files.writeString(journal, parts[0] + "\n{\"type\": \"run_finished\"}\n");
        String why = "qfleet: " + journal + ":1: not a journal entry: " + parts[1];
        for (String command : List.of("status", "resume")) {
            QfleetRun run = QfleetRun.execute(command, "-f", fleetFile.toString(), "--runs-dir", dir.resolve("runs").toString());
            assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
            assertEquals(1, run.err().lines().count(), run.transcript());
            assertTrue(run.err().startsWith(why), run.transcript());
            assertFalse(run.err().contains("Exception") || run.err().contains("io.qfleet"), run.transcript());
        }
        assertEquals(Map.of(), connections(), "dialled");
    }

    /** A journal that cannot be opened for appending is refused by resume in one line, naming it and why, without dialling. */
    @Test
    void aJournalThatCannotBeOpenedIsRefusedInOneLineWithoutDialling() throws Exception {
        Path fleetFile = fleetFile();
        Path journal = Files.createDirectories(dir.resolve("runs").resolve("r1")).resolve(RunJournal.FILE_NAME);
        Files.writeString(journal, "");
        try (ImmutableDirectory readOnly = ImmutableDirectory.of(journal)) {
            QfleetRun run = QfleetRun.execute("resume", "-f", fleetFile.toString(), "--runs-dir", dir.resolve("runs").toString());
            assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
            List<String> lines = run.err().lines().toList();
            assertEquals(1, lines.size(), run.transcript());
            assertTrue(lines.get(0).startsWith("qfleet: cannot open the run journal " + readOnly.path() + ": "), run.transcript());
            assertTrue(lines.get(0).endsWith(" (nothing was changed on any host; fix the runs dir, then run again)"), run.transcript());
            assertFalse(run.err().contains("Exception") || run.err().contains("io.qfleet"), run.transcript());
        }
        assertEquals(Map.of(), connections(), "dialled");
    }

    private void assertRefusedUndialled(Path fleetFile, Path planFile, String why, String... more) {
        accepted.clear();
        List<String> args = new ArrayList<>(List.of("run", "-f", fleetFile.toString(), "--plan", planFile.toString(),
                "--runs-dir", dir.resolve("runs").toString(), "--no-live"));
        args.addAll(List.of(more));
        QfleetRun run = QfleetRun.execute(args.toArray(String[]::new));
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.transcript()); // no usage text under it
        assertTrue(lines.get(0).startsWith("qfleet: " + planFile + ": " + why), run.transcript());
        assertFalse(lines.get(0).contains("io.qfleet") || lines.get(0).contains("Exception"), run.transcript());
        assertEquals(Map.of(), connections(), "dialled: " + run.transcript());
    }

    private Map<Integer, Integer> connections() {
        Map<Integer, Integer> counts = new TreeMap<>();
        accepted.forEach((port, n) -> counts.put(port, n.get()));
        return counts;
    }

    private Map<Integer, Integer> once() {
        Map<Integer, Integer> counts = new TreeMap<>();
        ports().forEach(port -> counts.put(port, 1));
        return counts;
    }

    private List<Integer> ports() {
        return server.getListenSockets().stream().map(a -> ((InetSocketAddress) a).getPort()).toList();
    }

    private static Path onlyRun(Path runs) throws IOException {
        try (Stream<Path> dirs = Files.list(runs)) {
            List<Path> all = dirs.filter(Files::isDirectory).toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    /** As ScaleBenchmark's: the fake agents report every upload complete, so the distribution's bytes are never read. */
    private Path fleetFile() throws IOException {
        Path dist = Files.write(dir.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), new byte[] {1});
        StringBuilder yaml = new StringBuilder("target:\n  distribution: " + dist + "\n  sha256: " + "0".repeat(64)
                + "\n  version: 9.2.2\nrollout:\n  waves: [1, 100%]\nagents:\n  plaintext: true\nhosts:\n");
        List<Integer> ports = ports();
        for (int i = 0; i < ports.size(); i++) {
            yaml.append("  - name: h-").append(i).append("\n    agent: " + LOOPBACK + ":").append(ports.get(i)).append('\n');
        }
        return Files.writeString(dir.resolve("fleet.yaml"), yaml);
    }
}
