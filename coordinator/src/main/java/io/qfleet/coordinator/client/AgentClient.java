package io.qfleet.coordinator.client;

import java.nio.file.Path;
import java.time.Duration;

/** One agent, as the workflow uses it. Every call has a deadline; failures are {@link AgentCallException}. */
public interface AgentClient extends AutoCloseable {

    /** The agent's address, for messages. */
    String address();

    AgentFacts facts();

    /**
     * The shared-storage guard: writes this host's marker ({@code hostName}, {@code markerId}) into
     * its QuestDB root and returns every marker found there.
     */
    RootMarks markRoot(String hostName, String markerId);

    /**
     * {@link #markRoot} then {@link #facts}, in one round trip where the agent can. A mark refused by
     * a reachable agent is in the result beside the facts; an unreachable agent throws.
     */
    default MarkedFacts markedFacts(String hostName, String markerId) {
        RootMarks marks = null;
        AgentCallException refused = null;
        try {
            marks = markRoot(hostName, markerId);
        } catch (AgentCallException e) {
            if (e.unreachable()) {
                throw e;
            }
            refused = e;
        }
        return new MarkedFacts(marks, refused, facts());
    }

    /**
     * What {@code request}'s server.conf edits make of the host's file, as the agent computes it
     * with the steps' own code; changes nothing.
     */
    default ServerConfPreview previewServerConf(ServerConfPreview.Request request) {
        throw new UnsupportedOperationException(address() + " cannot preview server.conf");
    }

    /**
     * Uploads a distribution, resuming from what the agent already holds; a complete upload is not
     * sent again. Reports bytes done through {@code sink}.
     */
    void upload(Path file, String sha256, ProgressSink sink);

    /**
     * Reads a complete archive of this agent's backup_dir (or its manifest) from {@code offset}; the
     * stream fails with {@link AgentCallException} when the agent does.
     */
    default java.io.InputStream readArchive(String archivePath, boolean manifest, long offset) {
        throw new UnsupportedOperationException(address() + " cannot read archives");
    }

    /**
     * Copies a file of {@code from}'s backup_dir into this agent's uploads (a replica's seed), resuming
     * from what this agent already holds and checked against {@code sha256}.
     */
    default void copyArchive(AgentClient from, String archivePath, boolean manifest, String fileName, long size, String sha256,
            ProgressSink sink) {
        throw new UnsupportedOperationException(address() + " cannot receive archives");
    }

    /**
     * Starts the operation (idempotent by id) and follows its events until it ends, re-opening the
     * watch if the stream breaks. Waits at most {@code timeout} overall.
     */
    OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout);

    /** Every operation the agent knows, oldest first (for {@code qfleet status}). */
    java.util.List<AgentOperation> operations();

    /** Starts ending the connection without waiting; {@link #close()} then waits for it. */
    default void shutdown() {
    }

    @Override
    void close();
}
