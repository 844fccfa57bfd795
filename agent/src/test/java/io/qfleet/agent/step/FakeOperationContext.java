package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands for the operation registry's context when a step runs outside an agent: keeps what the step
 * tells the operator, and gives earlier results by id as the registry does (an unknown id is refused).
 */
final class FakeOperationContext implements OperationContext {
    private final String operationId;
    private final Map<String, OperationResult> results;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    FakeOperationContext(String operationId, Map<String, OperationResult> results) {
        this.operationId = operationId;
        this.results = results;
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public String operationId() {
        return operationId;
    }

    @Override
    public void info(String message) {
        messages.add(message);
    }

    @Override
    public void progress(String message, long done, long total, String unit) {
    }

    @Override
    public boolean cancelled() {
        return false;
    }

    @Override
    public <T extends OperationResult> T resultOf(String id, Class<T> type) {
        OperationResult result = results.get(id);
        if (result == null) {
            throw AgentException.failedPrecondition("operation_not_found", "no operation with id '" + id + "'");
        }
        return type.cast(result);
    }
}
