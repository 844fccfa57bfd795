package io.qfleet.agent.operation;

/** The work of one operation. It reports through the context and returns its result. */
@FunctionalInterface
public interface OperationWork {

    /**
     * Runs on the agent's operation executor. Throw {@link io.qfleet.agent.AgentException} for an
     * expected failure (its reason and message reach the caller) or {@link OperationCancelledException}
     * after seeing {@link OperationContext#cancelled()}.
     */
    OperationResult run(OperationContext context) throws Exception;
}
