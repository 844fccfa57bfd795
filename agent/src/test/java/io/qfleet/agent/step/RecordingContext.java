package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An operation context for a step run directly by a test: keeps the info lines, never cancelled (unless
 * made by {@link #cancelledOnceLogged}); earlier results by id as the registry keeps them, an unknown id
 * refused as the registry refuses it.
 */
final class RecordingContext implements OperationContext {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Map<String, OperationResult> results;
    private final String cancelAfter;
    private volatile Runnable onFirstProgress;
    private volatile String progressPrefix = "";

    RecordingContext() {
        this(Map.of());
    }

    /** @param results read when the step asks, so a test may still add to it */
    RecordingContext(Map<String, OperationResult> results) {
        this(results, null);
    }

    private RecordingContext(Map<String, OperationResult> results, String cancelAfter) {
        this.results = results;
        this.cancelAfter = cancelAfter;
    }

    /** A context whose cancel is asked for once the step logged a line starting with {@code prefix}. */
    static RecordingContext cancelledOnceLogged(String prefix) {
        return new RecordingContext(Map.of(), prefix);
    }

    /** Runs {@code action} on the step's thread at its first progress report starting with {@code prefix}, before the step goes on. */
    RecordingContext onFirstProgress(String prefix, Runnable action) {
        this.progressPrefix = prefix;
        this.onFirstProgress = action;
        return this;
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public String operationId() {
        return "r1.db-1.test";
    }

    @Override
    public void info(String message) {
        lines.add(message);
    }

    @Override
    public void progress(String message, long done, long total, String unit) {
        Runnable action = onFirstProgress;
        if (action != null && message.startsWith(progressPrefix)) {
            onFirstProgress = null;
            action.run();
        }
    }

    @Override
    public boolean cancelled() {
        return cancelAfter != null && lines.stream().anyMatch(l -> l.startsWith(cancelAfter));
    }

    @Override
    public <T extends OperationResult> T resultOf(String operationId, Class<T> type) {
        OperationResult result = results.get(operationId);
        if (result == null) {
            throw AgentException.failedPrecondition("operation_not_found", "no operation with id '" + operationId + "'");
        }
        return type.cast(result);
    }
}
