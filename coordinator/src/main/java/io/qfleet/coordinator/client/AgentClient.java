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
     * Uploads a distribution, resuming from what the agent already holds; a complete upload is not
     * sent again. Reports bytes done through {@code sink}.
     */
    void upload(Path file, String sha256, ProgressSink sink);

    /**
     * Starts the operation (idempotent by id) and follows its events until it ends, re-opening the
     * watch if the stream breaks. Waits at most {@code timeout} overall.
     */
    OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout);

    /** Every operation the agent knows, oldest first (for {@code qfleet status}). */
    java.util.List<AgentOperation> operations();

    @Override
    void close();
}
