package io.qfleet.coordinator.client;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.fleet.HostEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One client per host for the length of a command, shared by its phases: a run touches each agent
 * a dozen times, and a new gRPC channel each time costs a TCP and HTTP/2 handshake per host per
 * phase (ScaleBenchmark). The clients handed out ignore {@code close()}; {@link #close()} ends them all.
 */
public final class AgentClientPool implements Function<HostEntry, AgentClient>, AutoCloseable {
    private final Function<HostEntry, AgentClient> factory;
    private final Map<String, AgentClient> clients = new ConcurrentHashMap<>();

    public AgentClientPool(Function<HostEntry, AgentClient> factory) {
        this.factory = requireNonNull(factory, "factory");
    }

    @Override
    public AgentClient apply(HostEntry host) {
        return new Shared(clients.computeIfAbsent(host.name(), name -> factory.apply(host)));
    }

    /**
     * Starts ending every connection without waiting: a command done with its agents but with output
     * still to write lets them close meanwhile (at a thousand hosts that takes a few hundred ms of
     * the event loops' time). {@link #close()} then waits; calls made after this fail.
     */
    public void shutdown() {
        clients.values().forEach(AgentClient::shutdown);
    }

    @Override
    public void close() {
        List<AgentClient> open = List.copyOf(clients.values());
        clients.clear();
        // Every channel told to end first, then each waited for: waiting one by one while the others still
        // ran took a few hundred ms at a thousand hosts.
        open.forEach(AgentClient::shutdown);
        open.parallelStream().forEach(AgentClient::close); // each waits for its channel to end
    }

    /** A pooled client: every call goes to the host's one client, {@code close()} leaves it open. */
    private record Shared(AgentClient client) implements AgentClient {
        @Override
        public String address() {
            return client.address();
        }

        @Override
        public AgentFacts facts() {
            return client.facts();
        }

        @Override
        public RootMarks markRoot(String hostName, String markerId) {
            return client.markRoot(hostName, markerId);
        }

        @Override
        public MarkedFacts markedFacts(String hostName, String markerId) {
            return client.markedFacts(hostName, markerId);
        }

        @Override
        public ServerConfPreview previewServerConf(ServerConfPreview.Request request) {
            return client.previewServerConf(request);
        }

        @Override
        public java.io.InputStream readArchive(String archivePath, boolean manifest, long offset) {
            return client.readArchive(archivePath, manifest, offset);
        }

        @Override
        public void copyArchive(AgentClient from, String archivePath, boolean manifest, String fileName, long size, String sha256,
                ProgressSink sink) {
            client.copyArchive(from, archivePath, manifest, fileName, size, sha256, sink);
        }

        @Override
        public void upload(Path file, String sha256, ProgressSink sink) {
            client.upload(file, sha256, sink);
        }

        @Override
        public OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout) {
            return client.run(operationId, request, sink, timeout);
        }

        @Override
        public List<AgentOperation> operations() {
            return client.operations();
        }

        @Override
        public void close() {
            // the pool closes the client once the command is done
        }
    }
}
