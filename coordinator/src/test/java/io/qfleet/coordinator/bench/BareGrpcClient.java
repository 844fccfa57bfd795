package io.qfleet.coordinator.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.qfleet.proto.agent.v1.DistributionServiceGrpc;
import io.qfleet.proto.agent.v1.GetUploadRequest;
import io.qfleet.proto.agent.v1.HealthGateSpec;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import io.qfleet.proto.agent.v1.InventorySpec;
import io.qfleet.proto.agent.v1.MarkRootRequest;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.PreviewServerConfRequest;
import io.qfleet.proto.agent.v1.StageSpec;
import io.qfleet.proto.agent.v1.StartOperationRequest;
import io.qfleet.proto.agent.v1.StartSpec;
import io.qfleet.proto.agent.v1.StopSpec;
import io.qfleet.proto.agent.v1.SwapSpec;
import io.qfleet.proto.agent.v1.VerifySpec;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * ScaleBenchmark's baseline: the gRPC calls {@code qfleet plan} or {@code run --plan} make to the
 * simulated agents, and nothing else. A channel per agent as the CLI dials them (no gRPC retries), blocking stubs on
 * 64 threads (the bench fleet file's parallelism), the same calls per host in the same order, each with the CLI's deadline; no
 * fleet file, plan, journal, progress lines or reports. In a cold JVM with the CLI's options, it is
 * what a coordinator built on grpc-java cannot go below on the machine at that moment.
 *
 * <pre>java -cp ... io.qfleet.coordinator.bench.BareGrpcClient plan|run ports.txt</pre>
 */
public final class BareGrpcClient {
    private static final int THREADS = 64;
    /** The CLI gives every call a deadline (GrpcAgentClient: 30 s), so a stuck agent cannot hold it: a timer per call. */
    private static final long DEADLINE_SECONDS = 30;

    private BareGrpcClient() {}

    public static void main(String[] args) throws Exception {
        boolean run = args[0].equals("run");
        List<Integer> ports = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).map(Integer::valueOf).toList();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> hosts = new ArrayList<>();
            for (int i = 0; i < ports.size(); i++) {
                String host = "h-" + i;
                int port = ports.get(i);
                hosts.add(pool.submit(() -> {
                    visit(host, port, run);
                    return null;
                }));
            }
            for (Future<?> host : hosts) {
                host.get();
            }
        } catch (ExecutionException e) {
            e.getCause().printStackTrace();
            System.exit(1); // a failed call fails the benchmark rather than leaving this JVM waiting
        } finally {
            pool.shutdownNow();
        }
    }

    /** The plan's calls (marker with facts, preview); the run's check (marker with facts), upload check and 8 operations. */
    private static void visit(String host, int port, boolean run) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).usePlaintext()
                .disableRetry().build(); // as AgentChannels builds them
        try {
            HostServiceGrpc.HostServiceBlockingStub hosts = HostServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
            hosts.markRoot(MarkRootRequest.newBuilder().setHostName(host).setMarkerId("m-" + host).setIncludeFacts(true).build());
            if (!run) {
                hosts.previewServerConf(PreviewServerConfRequest.getDefaultInstance());
                return;
            }
            DistributionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .getUpload(GetUploadRequest.newBuilder().setSha256("0".repeat(64)).build());
            OperationServiceGrpc.OperationServiceBlockingStub operations = OperationServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
            List<OperationSpec> steps = List.of(
                    OperationSpec.newBuilder().setStage(StageSpec.getDefaultInstance()).build(),
                    OperationSpec.newBuilder().setInventory(InventorySpec.getDefaultInstance()).build(),
                    OperationSpec.newBuilder().setInventory(InventorySpec.getDefaultInstance()).build(), // the backup's place
                    OperationSpec.newBuilder().setStop(StopSpec.getDefaultInstance()).build(),
                    OperationSpec.newBuilder().setSwap(SwapSpec.getDefaultInstance()).build(),
                    OperationSpec.newBuilder().setStart(StartSpec.getDefaultInstance()).build(),
                    OperationSpec.newBuilder().setHealthGate(HealthGateSpec.newBuilder().setExpectedVersion("9.2.2")).build(),
                    OperationSpec.newBuilder().setVerify(VerifySpec.getDefaultInstance()).build());
            for (int i = 0; i < steps.size(); i++) {
                operations.startOperation(StartOperationRequest.newBuilder().setOperationId("bare-" + ProcessHandle.current().pid()
                        + "." + host + "." + i).setSpec(steps.get(i)).build());
            }
        } finally {
            channel.shutdown();
            channel.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
