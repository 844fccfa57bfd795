package io.qfleet.coordinator.cli;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.fleet.FleetFileException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParseResult;

/**
 * Prints a command's failure as one line on stderr, {@code qfleet: <message>}, and returns the
 * mapped exit code. The stack trace is printed only with {@code -v}/{@code --verbose}.
 */
public final class FailureHandler implements IExecutionExceptionHandler {

    private final IExitCodeExceptionMapper mapper;

    public FailureHandler(IExitCodeExceptionMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper");
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parsed) {
        boolean verbose = verbose(parsed);
        PrintWriter err = commandLine.getErr();
        err.println("qfleet: " + message(exception, verbose));
        if (verbose) {
            exception.printStackTrace(err);
        }
        err.flush();
        return mapper.getExitCode(exception);
    }

    private static String message(Exception exception, boolean verbose) {
        if (exception instanceof FleetFileException || exception instanceof CommandFailedException) {
            return oneLine(String.valueOf(exception.getMessage()));
        }
        return "unexpected error: " + oneLine(exception.toString())
                + (verbose ? "" : " (run again with -v for the stack trace)");
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
