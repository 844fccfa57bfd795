package io.qfleet.agent.server;

import static java.util.Objects.requireNonNull;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.qfleet.agent.grpc.StatusMappingInterceptor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds and runs the gRPC server from any {@link ServerBuilder}: Netty in production, in-process
 * in tests. RPC handlers run on a small named pool, never on Netty's event loops; long work runs
 * on the operation executor and RPCs only hand it off.
 */
public final class AgentServer implements AutoCloseable {
    private static final int HANDLER_THREADS = 4;

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ExecutorService handlers;

    /** Without a token: in-process tests and plaintext loopback agents that asked for none. */
    public AgentServer(ServerBuilder<?> builder, List<BindableService> services) {
        this(builder, services, null);
    }

    /**
     * With a token, every service asks for it, reflection included (it is a debugging aid for whoever
     * holds the token: grpcurl -H 'authorization: Bearer ...'). Health stays open so that readiness
     * probes need no secret; it tells nothing but SERVING.
     */
    public AgentServer(ServerBuilder<?> builder, List<BindableService> services, BearerToken token) {
        requireNonNull(builder, "builder");
        AtomicInteger count = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "qfleet-rpc-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        StatusMappingInterceptor statusMapping = new StatusMappingInterceptor();
        // The last interceptor runs first: the token is checked before anything else sees the call.
        ServerInterceptor[] guard = token == null ? new ServerInterceptor[0]
                : new ServerInterceptor[] {new BearerTokenInterceptor(token)};
        builder.executor(handlers);
        services.forEach(service -> builder.addService(
                ServerInterceptors.intercept(ServerInterceptors.intercept(service, statusMapping), guard)));
        builder.addService(health.getHealthService());
        builder.addService(ServerInterceptors.intercept(ProtoReflectionServiceV1.newInstance(), guard));
        this.server = builder.build();
    }

    public AgentServer start() throws IOException {
        server.start();
        health.setStatus("", ServingStatus.SERVING);
        return this;
    }

    /** The bound port (useful with port 0), or -1 for in-process servers. */
    public int port() {
        return server.getPort();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops taking calls, lets calls in flight finish briefly; operations persist their own state. */
    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        handlers.shutdownNow();
    }
}
