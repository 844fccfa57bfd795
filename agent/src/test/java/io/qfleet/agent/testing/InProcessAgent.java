package io.qfleet.agent.testing;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.qfleet.agent.Agent;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One agent wired exactly as in production ({@link Agent#start}) behind an in-process gRPC server,
 * plus a channel to it. The agent brings its own executor, so the builder gets none. Closing shuts
 * both down and fails when the channel does not terminate, the server still answers, or the
 * agent's threads linger.
 */
public final class InProcessAgent implements AutoCloseable {
    private static final long TERMINATION_SECONDS = 10;

    private final String name;
    private final Agent agent;
    private final ManagedChannel channel;
    private final AgentCalls calls;

    private InProcessAgent(String name, Agent agent, ManagedChannel channel) {
        this.name = name;
        this.agent = agent;
        this.channel = channel;
        this.calls = new AgentCalls(channel);
    }

    public static InProcessAgent start(AgentSettings settings) throws IOException {
        String name = InProcessServerBuilder.generateName();
        Agent agent = Agent.start(settings, InProcessServerBuilder.forName(name), Clock.systemUTC());
        return new InProcessAgent(name, agent, InProcessChannelBuilder.forName(name).build());
    }

    public AgentCalls calls() {
        return calls;
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        agent.close();
        try {
            if (!channel.awaitTermination(TERMINATION_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("in-process channel " + name + " did not terminate");
            }
            requireServerGone();
            requireThreadsGone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while closing agent " + name, e);
        }
    }

    private void requireServerGone() throws InterruptedException {
        ManagedChannel probe = InProcessChannelBuilder.forName(name).build();
        try {
            HostServiceGrpc.newBlockingStub(probe).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getHostFacts(GetHostFactsRequest.getDefaultInstance());
            throw new AssertionError("agent " + name + " still answers after close");
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                throw new AssertionError("agent " + name + " after close: " + e.getStatus(), e);
            }
        } finally {
            probe.shutdownNow();
            probe.awaitTermination(TERMINATION_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The RPC pool and the operation executor; tests run one agent at a time per JVM. */
    private static void requireThreadsGone() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TERMINATION_SECONDS);
        List<String> lingering;
        do {
            lingering = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(n -> n.startsWith("qfleet-rpc-") || n.equals("qfleet-operation"))
                    .toList();
            if (lingering.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("agent threads still alive after close: " + lingering);
    }
}
