package io.qfleet.coordinator;

import io.qfleet.coordinator.cli.ExitCodeMapper;
import io.qfleet.coordinator.cli.FailureHandler;
import io.qfleet.coordinator.cli.QfleetCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;

/** Entry point of {@code qfleet}. */
public final class CoordinatorMain {

    private CoordinatorMain() {}

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /**
     * The {@code qfleet} command line, printing to {@code out} and {@code err}, mapping exceptions to
     * {@link io.qfleet.coordinator.cli.ExitCodes}. Subcommands added later with
     * {@link CommandLine#addSubcommand(Object)} print to the same writers: they are handed to the
     * whole hierarchy again just before a command runs or a usage error is printed.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        ExitCodeMapper mapper = new ExitCodeMapper();
        CommandLine root = new CommandLine(new QfleetCommand());
        IParameterExceptionHandler usageError = root.getParameterExceptionHandler();
        IExecutionStrategy runLast = new CommandLine.RunLast();
        Runnable inherit = () -> root.setOut(out).setErr(err).setExitCodeExceptionMapper(mapper);
        inherit.run();
        return root
                .setExecutionExceptionHandler(new FailureHandler(mapper))
                .setParameterExceptionHandler((e, args) -> {
                    inherit.run();
                    return usageError.handleParseException(e, args);
                })
                .setExecutionStrategy(parsed -> {
                    inherit.run();
                    return runLast.execute(parsed);
                });
    }
}
