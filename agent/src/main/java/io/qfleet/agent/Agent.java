package io.qfleet.agent;

import static java.util.Objects.requireNonNull;

import io.grpc.BindableService;
import io.grpc.ServerBuilder;
import io.qfleet.agent.backup.BackupRecovery;
import io.qfleet.agent.facts.HostFactsReader;
import io.qfleet.agent.facts.RootMarkers;
import io.qfleet.agent.grpc.ArchiveServiceImpl;
import io.qfleet.agent.grpc.DistributionServiceImpl;
import io.qfleet.agent.grpc.HostServiceImpl;
import io.qfleet.agent.grpc.OperationServiceImpl;
import io.qfleet.agent.install.UploadStore;
import io.qfleet.agent.operation.OperationRegistry;
import io.qfleet.agent.operation.OperationStore;
import io.qfleet.agent.secrets.Fingerprints;
import io.qfleet.agent.server.AgentServer;
import io.qfleet.agent.server.BearerToken;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.step.QuestDbHost;
import io.qfleet.agent.step.ServerConfPreview;
import io.qfleet.agent.step.StepFactory;
import io.qfleet.agent.step.SwapRecovery;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;

/** Wires one agent from its settings; the same wiring serves Netty in production and in-process tests. */
public final class Agent implements AutoCloseable {
    /**
     * Uploads above this size are refused. A QuestDB distribution is well under 1 GiB, but a replica's
     * seed (its primary's checkpoint archive) arrives the same way; the free-space check still applies.
     */
    private static final long MAX_UPLOAD_BYTES = 16L << 40;

    private final OperationRegistry registry;
    private final AgentServer server;

    private Agent(OperationRegistry registry, AgentServer server) {
        this.registry = registry;
        this.server = server;
    }

    public static Agent start(AgentSettings settings, ServerBuilder<?> builder, Clock clock) throws IOException {
        requireNonNull(settings, "settings");
        // Read before anything else starts, so a bad token file stops the agent with nothing left running.
        BearerToken token = settings.tokenFile() == null ? null : BearerToken.read(settings.tokenFile());
        Files.createDirectories(settings.stateDir());
        Files.createDirectories(settings.stagingDir());
        Files.createDirectories(settings.backupDir());
        Fingerprints.useKeyFile(settings.stateDir()); // stored specs hold secrets only as fingerprints under this key
        QuestDbHost host = new QuestDbHost(settings);
        UploadStore uploads = new UploadStore(settings.stagingDir().resolve("uploads"), MAX_UPLOAD_BYTES);
        // An interrupted backup leaves a partial archive and maybe an open checkpoint: cleaned up before serving.
        BackupRecovery recovery = new BackupRecovery(host.backups(), () -> host.process().runningPid().isPresent(), host::sql);
        // An interrupted swap leaves the binaries half moved: the previous ones are put back before serving.
        OperationRegistry registry = OperationRegistry.open(new OperationStore(settings.stateDir().resolve("operations")),
                clock, recovery.andThen(new SwapRecovery(host)));
        List<BindableService> services = List.of(
                new HostServiceImpl(new HostFactsReader(host, version()), new RootMarkers(host.root()), new ServerConfPreview(host)),
                new DistributionServiceImpl(uploads),
                new ArchiveServiceImpl(host.backups()),
                new OperationServiceImpl(registry, new StepFactory(host, uploads)));
        AgentServer server = new AgentServer(builder, services, token);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return new Agent(registry, server);
    }

    public int port() {
        return server.port();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    public static String version() {
        String version = Agent.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Stops serving. QuestDB keeps running: an agent restart must never take the database down. */
    @Override
    public void close() {
        server.close();
        registry.close();
    }
}
