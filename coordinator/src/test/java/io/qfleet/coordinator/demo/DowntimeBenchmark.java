package io.qfleet.coordinator.demo;

import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.FleetFileLoader;
import io.qfleet.coordinator.progress.ProgressListener;
import io.qfleet.coordinator.workflow.FleetRunner;
import io.qfleet.coordinator.workflow.HostStatus;
import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.RunResult;
import io.qfleet.coordinator.workflow.Step;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Downtime per host, measured in one run against a bare restart of the same server on the same
 * data (DESIGN.md section 9: goal at most 1.10x + 0.5 s). Per round, on a fresh one-host demo
 * fleet: a bare stop + start of 8.1.4, then the qfleet migration (stop started -> health gate
 * passed), then a bare stop + start of the migrated 9.2.2 server. "Healthy" is what the health
 * gate checks: /status answers 200 and SELECT build() answers, polled every 100 ms.
 *
 * <pre>
 * ./mvnw -q -o install -DskipTests
 * ./mvnw -q -o -Pbench -pl coordinator exec:java -Dexec.mainClass=io.qfleet.coordinator.demo.DowntimeBenchmark [-Dexec.args="3"]
 * </pre>
 */
public final class DowntimeBenchmark {
    private static final long POLL_MILLIS = 100;

    private DowntimeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        DemoResources resources = locate();
        List<double[]> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Path work = Files.createTempDirectory("qfleet-bench-downtime-");
            try (LocalFleet fleet = LocalFleet.create(resources, 1, 1_000_000, work, m -> { })) {
                DemoHost host = fleet.hosts().get(0);
                double bareOld = bareRestart(resources, host);
                double qfleet = migrate(fleet, resources, work);
                double bareNew = bareRestart(resources, host);
                results.add(new double[] {bareOld, qfleet, bareNew});
                System.out.printf("round %d: bare 8.1.4 %.2fs, qfleet downtime %.2fs, bare 9.2.2 %.2fs, ratio %.2fx (vs 9.2.2), %.2fx (vs 8.1.4)%n",
                        round, bareOld, qfleet, bareNew, qfleet / bareNew, qfleet / bareOld);
            }
        }
        double bareOld = median(results, 0);
        double qfleet = median(results, 1);
        double bareNew = median(results, 2);
        System.out.printf("median of %d: bare 8.1.4 %.2fs, qfleet downtime %.2fs, bare 9.2.2 %.2fs; ratio %.2fx, goal <= 1.10x + 0.5s = %.2fs: %s%n",
                rounds, bareOld, qfleet, bareNew, qfleet / bareNew, bareNew * 1.10 + 0.5,
                qfleet <= bareNew * 1.10 + 0.5 ? "met" : "NOT met");
    }

    /** SIGTERM the server on the host's root, wait for it to exit, start it again the same way, wait healthy. */
    private static double bareRestart(DemoResources resources, DemoHost host) throws Exception {
        List<ProcessHandle> running = QuestDbFinder.serving(host.root());
        if (running.size() != 1) {
            throw new IllegalStateException("expected one QuestDB on " + host.root() + ", found " + running.size());
        }
        ProcessHandle server = running.get(0);
        long begin = System.nanoTime();
        server.destroy();
        server.onExit().get(60, TimeUnit.SECONDS);
        ChildProcess.start("questdb", DemoQuestDb.command(resources.javaExecutable(), host.installDir(), host.root()),
                host.root(), host.dir().resolve("bench-questdb.log"));
        awaitHealthy(host.root(), Duration.ofSeconds(120));
        return seconds(System.nanoTime() - begin);
    }

    private static double migrate(LocalFleet fleet, DemoResources resources, Path work) {
        PackedDistribution target = DistributionPacker.pack(resources.targetJar(), DemoResources.TARGET_VERSION, work.resolve("dist"));
        Path fleetFile = fleet.writeFleetFile(target);
        long[] window = new long[2];
        FleetFile fleetSpec = FleetFileLoader.load(fleetFile);
        RunResult result = FleetRunner.overGrpc(Clock.systemUTC(), fleetSpec.agents()).start(fleetSpec, fleetFile,
                work.resolve("qfleet-runs"), new ProgressListener() {
            @Override
            public void runStarted(String runId, List<String> hosts, String targetVersion) {}

            @Override
            public void stepStarted(String host, Step step) {
                if (step == Step.STOP) {
                    window[0] = System.nanoTime();
                }
            }

            @Override
            public void stepProgress(String host, Step step, String message, long done, long total, String unit) {}

            @Override
            public void stepFinished(String host, Step step, boolean ok, String message, Duration took) {
                if (step == Step.HEALTH_GATE) {
                    window[1] = System.nanoTime();
                }
            }

            @Override
            public void hostFinished(HostSummary summary) {}

            @Override
            public void runFinished(List<HostSummary> hosts) {}
        });
        if (result.hosts().get(0).status() != HostStatus.MIGRATED) {
            throw new IllegalStateException("migration failed: " + result.hosts().get(0).message());
        }
        return seconds(window[1] - window[0]);
    }

    private static void awaitHealthy(Path root, Duration timeout) throws Exception {
        Properties conf = new Properties();
        try (Reader reader = Files.newBufferedReader(root.resolve("conf/server.conf"))) {
            conf.load(reader);
        }
        URI status = URI.create("http://" + conf.getProperty("http.min.net.bind.to") + "/status");
        String jdbc = "jdbc:postgresql://" + conf.getProperty("pg.net.bind.to") + "/qdb?sslmode=disable&connectTimeout=2";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    try (Connection c = DriverManager.getConnection(jdbc, DemoQuestDb.USER, DemoQuestDb.PASSWORD);
                            Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT build()")) {
                        if (rs.next()) {
                            return;
                        }
                    }
                }
            } catch (IOException | java.sql.SQLException e) {
                // not up yet
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("QuestDB on " + root + " not healthy within " + timeout);
    }

    private static DemoResources locate() {
        // exec:java runs from the module directory or the top; failsafe would set these.
        Path top = Files.isDirectory(Path.of("coordinator")) ? Path.of(".") : Path.of("..");
        System.setProperty("qfleet.questdb.dir", System.getProperty("qfleet.questdb.dir",
                top.resolve("coordinator/target/questdb").toAbsolutePath().normalize().toString()));
        System.setProperty("qfleet.agent.jar", System.getProperty("qfleet.agent.jar",
                top.resolve("agent/target/qfleet-agent.jar").toAbsolutePath().normalize().toString()));
        System.setProperty("qfleet.agent.jvm.options", System.getProperty("qfleet.agent.jvm.options",
                top.resolve("packaging/conf/jvm.options").toAbsolutePath().normalize().toString()));
        return DemoResources.locate();
    }

    private static double median(List<double[]> results, int column) {
        double[] values = results.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
