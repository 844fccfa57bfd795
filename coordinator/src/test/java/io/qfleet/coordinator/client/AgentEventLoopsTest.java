package io.qfleet.coordinator.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agent channels run on qfleet's own event loops, and ending them leaves none of their threads
 * alive (a thread waiting in epoll at exit holds the JVM up ~0.3 s), yet a later channel still works.
 */
class AgentEventLoopsTest {
    private static final String LOOP_THREADS = "qfleet-agent-io";

    private Server server; // no services: every call is answered UNIMPLEMENTED, which proves a connection

    @BeforeEach
    void serve() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void agentChannelsRunOnLoopsThatEndWithNoThreadLeft() throws Exception {
        call();
        assertTrue(loopThreadsAlive(), "an agent channel's connection runs on " + LOOP_THREADS + " threads");

        AgentEventLoops.end();

        assertFalse(loopThreadsAlive(), "no " + LOOP_THREADS + " thread outlives end()");
        call(); // loops again for a channel opened after end()
        AgentEventLoops.end();
        assertFalse(loopThreadsAlive());
    }

    @Test
    void endingLoopsThatWereNeverMadeDoesNothing() {
        AgentEventLoops.end();
        AgentEventLoops.end();
        assertFalse(loopThreadsAlive());
    }

    private void call() throws InterruptedException {
        ManagedChannel channel = AgentChannels.open(InetAddress.getLoopbackAddress().getHostAddress(), server.getPort(),
                AgentAccess.PLAINTEXT);
        try {
            StatusRuntimeException answer = assertThrows(StatusRuntimeException.class,
                    () -> HostServiceGrpc.newBlockingStub(channel).getHostFacts(GetHostFactsRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNIMPLEMENTED, answer.getStatus().getCode(), answer.toString());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static boolean loopThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith(LOOP_THREADS));
    }
}
