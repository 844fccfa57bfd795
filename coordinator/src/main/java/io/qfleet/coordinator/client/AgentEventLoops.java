package io.qfleet.coordinator.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops every agent channel runs on, which qfleet ends before it exits. gRPC's
 * shared loops outlive their last channel by a second, waiting in epoll; and HotSpot, when it
 * exits, waits up to 300 ms for every thread in native code to block (JDK 17's
 * {@code VM_Exit::wait_for_threads_in_native_to_block}): each qfleet command that spoke to an agent
 * ended ~0.3 s after its work did. Ended here, the loops' threads are gone first.
 */
public final class AgentEventLoops {
    /** As many loops as gRPC's shared default: two per core. */
    private static final int THREADS = 0;
    private static final long END_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static Loops loops; // guarded by AgentEventLoops.class

    private AgentEventLoops() {}

    /** The loops for a new channel; made on first use, and again after {@link #end()}. */
    static synchronized EventLoopGroup group() {
        if (loops == null) {
            loops = new Loops();
        }
        return loops.group;
    }

    /**
     * Ends the loops and waits (up to a second) for their threads to die: call once no channel is
     * in use, as the process ends. A channel still open is closed with them.
     */
    public static void end() {
        Loops ending;
        synchronized (AgentEventLoops.class) {
            ending = loops;
            loops = null;
        }
        if (ending != null) {
            try {
                ending.end();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // exiting anyway: the caller sees the flag
            }
        }
    }

    /** A group and its threads: Netty's termination comes a moment before a loop's thread dies. */
    private static final class Loops {
        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(THREADS, new DefaultThreadFactory("qfleet-agent-io", true) {
            @Override
            protected Thread newThread(Runnable r, String name) {
                Thread thread = super.newThread(r, name);
                threads.add(thread);
                return thread;
            }
        }, NioIoHandler.newFactory());

        void end() throws InterruptedException {
            long deadline = System.nanoTime() + END_WAIT_NANOS;
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).await(END_WAIT_NANOS, TimeUnit.NANOSECONDS);
            for (Thread thread : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
        }
    }
}
