package io.qfleet.coordinator.workflow;

/** A run that cannot be started or continued as asked (no journal, changed fleet file); nothing was done. */
public final class RunRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunRefusedException(String message) {
        super(message);
    }
}
