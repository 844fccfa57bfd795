package io.qfleet.coordinator.bench;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.NettyServerBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many simulated agents in one process, for ScaleBenchmark: one gRPC server with a listening
 * port per agent (each host of the fleet file needs its own address) and {@link FakeAgentService}
 * behind them. Prints {@code PORTS p1,p2,...} once serving; for each line on its stdin, the calls
 * served since the last one; ends when its stdin closes, so it never outlives the benchmark that
 * started it.
 *
 * <pre>java -cp ... io.qfleet.coordinator.bench.FakeAgentFleet 1000</pre>
 */
public final class FakeAgentFleet {
    private FakeAgentFleet() {}

    /** Calls served, by method: printed at the end, so a change in calls per host shows in the benchmark's output. */
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int agents = Integer.parseInt(args[0]);
        Server server = bind(agents);
        List<String> ports = new ArrayList<>();
        server.getListenSockets().forEach(socket -> ports.add(String.valueOf(((InetSocketAddress) socket).getPort())));
        System.out.println("PORTS " + String.join(",", ports));
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                // A line names what was just measured: the calls it made are printed, and counting starts again.
                Map<String, Long> served = new TreeMap<>();
                CALLS.forEach((method, count) -> served.put(method, count.sumThenReset()));
                System.err.println("calls served by the simulated agents to " + line + ": " + served);
            }
        } finally {
            server.shutdownNow(); // the parent closed our stdin (or died)
        }
    }

    /** Every address binds port 0: the kernel gives each listener its own free port. */
    private static Server bind(int agents) throws IOException {
        FakeAgentService service = new FakeAgentService();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
        for (int i = 1; i < agents; i++) {
            builder.addListenAddress(new InetSocketAddress("127.0.0.1", 0));
        }
        builder.intercept(new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                CALLS.computeIfAbsent(call.getMethodDescriptor().getBareMethodName(), k -> new LongAdder()).increment();
                return next.startCall(call, headers);
            }
        });
        // The handlers answer at once and never block: run them on the event loop, as gRPC advises for
        // such services, rather than hand every call to a pooled thread (CPU the coordinator then lacks).
        builder.directExecutor();
        return builder.addService(service.hosts()).addService(service.distributions()).addService(service.operations())
                .build().start();
    }
}
