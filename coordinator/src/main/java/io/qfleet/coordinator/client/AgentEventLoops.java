package io.qfleet.coordinator.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
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
    private static EventLoopGroup group; // guarded by AgentEventLoops.class

    private AgentEventLoops() {}

    /** The loops for a new channel; made on first use, and again after {@link #end()}. */
    static synchronized EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(THREADS, new DefaultThreadFactory("qfleet-agent-io", true), NioIoHandler.newFactory());
        }
        return group;
    }

    /**
     * Ends the loops and waits (up to a second) for their threads: call once no channel is in use,
     * as the process ends. A channel still open is closed with them.
     */
    public static void end() {
        EventLoopGroup ending;
        synchronized (AgentEventLoops.class) {
            ending = group;
            group = null;
        }
        if (ending != null) {
            ending.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }
}
