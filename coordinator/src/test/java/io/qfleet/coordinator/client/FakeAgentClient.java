package io.qfleet.coordinator.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An agent in memory for the coordinator's workflow and plan tests, where what an agent answers is
 * the point and a real one cannot be made to answer it (Enterprise facts, one interleaving of
 * failures): by default the host {@code <host>:7001} runs Open Source 8.1.4, has a root of its own
 * (it sees only its own marker), takes uploads and has no operations. A test overrides what its
 * case needs, {@link #run} always.
 */
public abstract class FakeAgentClient implements AgentClient {
    protected final String host;

    protected FakeAgentClient(String host) {
        this.host = host;
    }

    /** Facts of a running Open Source server at {@code version} on {@code host}, 1 MiB of root, 1 TiB free. */
    public static AgentFacts openSourceFacts(String host, String version) {
        return new AgentFacts(host, "linux/amd64", true, 1, version, "open source", version, "jar", 1L << 40, 1L << 20,
                true, List.of(), List.of(), List.of());
    }

    @Override
    public String address() {
        return host + ":7001";
    }

    @Override
    public AgentFacts facts() {
        return openSourceFacts(host, "8.1.4");
    }

    @Override
    public RootMarks markRoot(String hostName, String markerId) {
        return new RootMarks("/fake/" + hostName, Map.of(hostName, markerId));
    }

    @Override
    public void upload(Path file, String sha256, ProgressSink sink) {
    }

    @Override
    public List<AgentOperation> operations() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
