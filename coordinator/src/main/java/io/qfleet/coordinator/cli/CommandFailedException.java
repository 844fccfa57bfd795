package io.qfleet.coordinator.cli;

/**
 * Ends a command with an exit code from {@link ExitCodes} and a one-line message, printed as
 * {@code qfleet: <message>}. The message says what failed where and what to do next.
 */
public final class CommandFailedException extends RuntimeException {

    private final int exitCode;

    public CommandFailedException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CommandFailedException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        if (exitCode <= ExitCodes.DONE) {
            throw new IllegalArgumentException("exitCode: " + exitCode + " (expected: > 0)");
        }
        this.exitCode = exitCode;
    }

    /** A host failed before the point of no return: the fleet is unchanged (exit 3). */
    public static CommandFailedException beforePointOfNoReturn(String message) {
        return new CommandFailedException(ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, message);
    }

    /** A host failed after the point of no return (exit 4). */
    public static CommandFailedException afterPointOfNoReturn(String message) {
        return new CommandFailedException(ExitCodes.FAILED_AFTER_POINT_OF_NO_RETURN, message);
    }

    /** Agents could not be reached (exit 5). */
    public static CommandFailedException agentsUnreachable(String message) {
        return new CommandFailedException(ExitCodes.AGENTS_UNREACHABLE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
