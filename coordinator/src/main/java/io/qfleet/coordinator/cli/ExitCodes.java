package io.qfleet.coordinator.cli;

/**
 * What {@code qfleet} exits with; operators script against these, so they never change meaning.
 * {@link ExitCodeMapper} maps exceptions to them.
 */
public final class ExitCodes {

    /** The command did everything it was asked. */
    public static final int DONE = 0;
    /** A bug or an environment problem nobody planned for; {@code -v} shows the stack trace. */
    public static final int UNEXPECTED = 1;
    /** Bad command line or fleet file; nothing was done. */
    public static final int USAGE = 2;
    /**
     * A host failed before the point of no return, or was rolled back, or a command refused a host
     * ({@code rollback}, {@code restore}, {@code finalize}); every host runs its old version with its data.
     */
    public static final int FAILED_BEFORE_POINT_OF_NO_RETURN = 3;
    /**
     * A host failed after the point of no return (or a restore or rollback failed once it began); see
     * the report and the agent's events.
     */
    public static final int FAILED_AFTER_POINT_OF_NO_RETURN = 4;
    /** Agents did not answer; nothing was done on them. A host that failed as for 4 outranks it: that host needs an operator. */
    public static final int AGENTS_UNREACHABLE = 5;

    private ExitCodes() {}
}
