package io.qfleet.coordinator.bench;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.FleetFileLoader;
import io.qfleet.coordinator.plan.Plan;
import io.qfleet.coordinator.plan.Planner;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.progress.PlainRenderer;
import io.qfleet.coordinator.workflow.FleetRunner;
import io.qfleet.coordinator.workflow.HostStatus;
import io.qfleet.coordinator.workflow.RunResult;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Coordinator scale: plan and run over many simulated hosts (FakeAgentService: real gRPC, no-op
 * operations, many hosts per server), printing wall time and peak heap against the goal (DESIGN.md
 * section 9: 1,000 hosts under 10 s and 256 MB). Run with a heap cap to make the memory goal real:
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * MAVEN_OPTS=-Xmx256m ./mvnw -q -Pbench -pl coordinator exec:java -Dexec.mainClass=io.qfleet.coordinator.bench.ScaleBenchmark [-Dexec.args=1000]
 * </pre>
 */
public final class ScaleBenchmark {
    private ScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int servers = hosts; // one gRPC server (own port) per simulated agent, all in this process
        Path work = Files.createTempDirectory("qfleet-bench-scale-");
        List<Server> started = new ArrayList<>();
        try {
            FakeAgentService agents = new FakeAgentService();
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                        .addService(agents.hosts()).addService(agents.distributions()).addService(agents.operations()).build().start();
                started.add(server);
                ports.add(server.getPort());
            }
            Path fleetFile = fleetFile(work, hosts, ports);
            FleetFile fleet = FleetFileLoader.load(fleetFile);
            System.gc();
            long begin = System.nanoTime();
            Plan plan = new Planner(h -> GrpcAgentClient.connect(h, fleet.agents()), false).plan(fleet, fleetFile);
            double planSeconds = (System.nanoTime() - begin) / 1e9;
            long runBegin = System.nanoTime();
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            RunResult result = FleetRunner.overGrpc(Clock.systemUTC(), fleet.agents()).start(fleet, fleetFile, work.resolve("runs"),
                    new PlainRenderer(sink, Clock.systemUTC()));
            double runSeconds = (System.nanoTime() - runBegin) / 1e9;
            long migrated = result.hosts().stream().filter(h -> h.status() == HostStatus.MIGRATED).count();
            double peakHeapMb = peakHeap() / 1048576.0;
            System.out.printf("%d hosts on %d simulated agents: plan %.2fs (%s), run %.2fs, %d migrated; peak heap %.0f MB (max %d MB)%n",
                    hosts, servers, planSeconds, plan.ready() ? "ready" : "NOT ready", runSeconds, migrated, peakHeapMb,
                    Runtime.getRuntime().maxMemory() / 1048576);
            System.out.printf("goal: plan + run under 10 s -> %.2fs %s; heap under 256 MB -> %s%n", planSeconds + runSeconds,
                    planSeconds + runSeconds < 10 ? "met" : "NOT met", peakHeapMb < 256 ? "met" : "NOT met");
        } finally {
            started.forEach(Server::shutdownNow);
        }
    }

    private static Path fleetFile(Path work, int hosts, List<Integer> ports) throws Exception {
        Path dist = work.resolve("questdb-9.2.2-no-jre-bin.tar.gz");
        Files.write(dist, new byte[] {1});
        StringBuilder yaml = new StringBuilder("target:\n  distribution: " + dist + "\n  sha256: " + "0".repeat(64)
                + "\n  version: 9.2.2\nrollout:\n  stage_parallelism: 64\n  waves: [1, 10%, 50%, 100%]\n  max_unavailable: 64\nagents:\n  plaintext: true\nhosts:\n");
        for (int i = 0; i < hosts; i++) {
            yaml.append("  - name: h-").append(i).append("\n    agent: 127.0.0.1:").append(ports.get(i)).append('\n');
        }
        Path file = work.resolve("fleet.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
