package io.qfleet.agent.step;

import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;

/**
 * Waits until QuestDB is healthy on /status (or answers 401 there, when it wants auth), answers
 * SQL, and reports the expected version; see {@link HealthWait}.
 */
final class HealthGateStep implements OperationWork {
    private final QuestDbHost host;
    private final OperationSpec.HealthGate spec;

    HealthGateStep(QuestDbHost host, OperationSpec.HealthGate spec) {
        this.host = host;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) {
        return HealthWait.await(host, spec.expectedVersion(), Steps.timeout(spec.timeoutSeconds(), 120), context);
    }
}
