package io.qfleet.agent.step;

import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An operation context for a step run directly by a test: keeps the info lines, never cancelled, no earlier results. */
final class RecordingContext implements OperationContext {
    private final List<String> lines = new CopyOnWriteArrayList<>();

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
    }

    @Override
    public boolean cancelled() {
        return false;
    }

    @Override
    public <T extends OperationResult> T resultOf(String operationId, Class<T> type) {
        throw new IllegalStateException("no earlier operation in a direct step test: " + operationId);
    }
}
