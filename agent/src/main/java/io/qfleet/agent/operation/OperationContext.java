package io.qfleet.agent.operation;

/** What running work may do besides its own job: report, and check for cancellation. */
public interface OperationContext {

    String operationId();

    /** A step of the work worth telling the operator about ("stopping pid 1234"). */
    void info(String message);

    /**
     * Progress of the current phase. Throttled: calls closer than a few hundred milliseconds are
     * dropped unless {@code done == total}.
     */
    void progress(String message, long done, long total, String unit);

    boolean cancelled();

    /** Throws {@link OperationCancelledException} when a cancel was requested. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new OperationCancelledException("cancelled on request");
        }
    }

    /** The result of an earlier succeeded operation on this host, for steps that build on one. */
    <T extends OperationResult> T resultOf(String operationId, Class<T> type);
}
