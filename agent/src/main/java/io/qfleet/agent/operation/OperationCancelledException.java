package io.qfleet.agent.operation;

/** Thrown by work that noticed a cancel request at a safe point. */
public final class OperationCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OperationCancelledException(String message) {
        super(message);
    }
}
