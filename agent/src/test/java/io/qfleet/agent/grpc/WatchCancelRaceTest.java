package io.qfleet.agent.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.qfleet.agent.operation.OperationCancelledException;
import io.qfleet.agent.operation.OperationRegistry;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationStore;
import io.qfleet.agent.server.AgentServer;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.EventWatch;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.StopSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches cancelled while the operation emits events, over in-process gRPC: a cancelled watch
 * must neither stop the operation nor block it. Every event is persisted under the operation's
 * lock, so with a busy operation a cancel nearly always lands while that lock is held.
 */
class WatchCancelRaceTest {
    private static final int WATCHES = 30;

    @TempDir
    Path dir;

    @Test
    void cancellingWatchesOfABusyOperationNeverBlocksIt() throws Exception {
        OperationRegistry registry = OperationRegistry.open(new OperationStore(dir.resolve("operations")), Clock.systemUTC());
        // Work that reports without pause until cancelled.
        OperationServiceImpl service = new OperationServiceImpl(registry, spec -> context -> {
            for (long i = 0; ; i++) {
                if (context.cancelled()) {
                    throw new OperationCancelledException("cancelled after " + i + " events");
                }
                context.info("tick " + i);
                if (i > 1_000_000) {
                    return new OperationResult.Stopped(false, null, 0);
                }
            }
        });
        String name = InProcessServerBuilder.generateName();
        AgentServer server = new AgentServer(InProcessServerBuilder.forName(name), List.of(service)).start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        try {
            AgentCalls calls = new AgentCalls(channel);
            calls.start("busy-1", OperationSpec.newBuilder().setStop(StopSpec.newBuilder().setTimeoutSeconds(1)).build());
            for (int i = 0; i < WATCHES; i++) {
                EventWatch watch = calls.watchAsync("busy-1", Math.max(1, get(calls).getLastSequence()));
                watch.next(Duration.ofSeconds(10));
                watch.next(Duration.ofSeconds(10));
                watch.cancel();
                if (!watch.awaitEnd(Duration.ofSeconds(10))) {
                    throw new AssertionError("watch " + i + " did not end after its cancel" + deadlocks());
                }
            }
            long before = get(calls).getLastSequence();
            Thread.sleep(200);
            long after = get(calls).getLastSequence();
            assertNull(deadlocks(), "deadlocked threads");
            if (after <= before) {
                throw new AssertionError("the operation stopped emitting events after cancelled watches (sequence "
                        + before + " -> " + after + ")" + deadlocks());
            }

            calls.cancel("busy-1");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!AgentCalls.isTerminal(get(calls).getState())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the operation did not end after CancelOperation" + deadlocks());
                }
                Thread.sleep(20);
            }
            assertEquals(OperationState.OPERATION_STATE_CANCELLED, calls.get("busy-1").getState());
        } finally {
            channel.shutdownNow();
            server.close();
            registry.close();
        }
    }

    /** GetOperation blocks on the operation's lock: a deadlock shows up here first. */
    private static Operation get(AgentCalls calls) {
        try {
            return calls.get("busy-1");
        } catch (StatusRuntimeException e) {
            throw new AssertionError("GetOperation failed: " + e.getStatus() + deadlocks(), e);
        }
    }

    /** The deadlocked threads with their stacks, or null when none. */
    private static String deadlocks() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            return null;
        }
        return Arrays.stream(threads.getThreadInfo(ids, true, true)).map(ThreadInfo::toString)
                .collect(Collectors.joining("\n", "\ndeadlocked threads:\n", ""));
    }
}
