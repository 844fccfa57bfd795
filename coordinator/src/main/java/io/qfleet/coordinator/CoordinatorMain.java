package io.qfleet.coordinator;

import io.qfleet.coordinator.cli.ExitCodeMapper;
import io.qfleet.coordinator.cli.FailureHandler;
import io.qfleet.coordinator.cli.QfleetCommand;
import io.qfleet.coordinator.client.AgentEventLoops;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;

/** Entry point of {@code qfleet}. */
public final class CoordinatorMain {

    private CoordinatorMain() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command {@code args} name and returns its exit code, once the agent channels' event
     * loops have ended: the command is done with its agents, and at exit the JVM would wait ~0.3 s
     * for the loops' threads (AgentEventLoops).
     */
    static int execute(String... args) {
        int exitCode = commandLineFor(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args).execute(args);
        AgentEventLoops.end();
        return exitCode;
    }

    /** The command line {@code main} runs {@code args} with: the invoked subcommand alone when the first argument names one. */
    public static CommandLine commandLineFor(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err, invoked(args));
    }

    /**
     * The subcommands {@code args} need: the verb is the first argument (the root has no options but
     * --help and --version), and a command line with that subcommand alone parses and runs it as the
     * whole one would. Anything else, {@code help} included, gets every subcommand, for the usage,
     * help and "did you mean" suggestions.
     */
    static List<Class<?>> invoked(String... args) {
        return Arrays.stream(args).limit(1).map(QfleetCommand::subcommand).flatMap(Optional::stream)
                .filter(verb -> verb != HelpCommand.class).<List<Class<?>>>map(List::of).findFirst()
                .orElse(QfleetCommand.SUBCOMMANDS);
    }

    /** The whole {@code qfleet} command line: every subcommand. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, QfleetCommand.SUBCOMMANDS);
    }

    /**
     * The {@code qfleet} command line with {@code subcommands}, printing to {@code out} and {@code err}, mapping exceptions to
     * {@link io.qfleet.coordinator.cli.ExitCodes}. Subcommands added later with
     * {@link CommandLine#addSubcommand(Object)} print to the same writers: they are handed to the
     * whole hierarchy again just before a command runs or a usage error is printed.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, List<Class<?>> subcommands) {
        ExitCodeMapper mapper = new ExitCodeMapper();
        CommandLine root = new CommandLine(new QfleetCommand());
        subcommands.forEach(root::addSubcommand);
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
