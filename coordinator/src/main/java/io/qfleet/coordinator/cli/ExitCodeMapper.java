package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.fleet.FleetFileException;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;

/**
 * Exit code of a command that ended with an exception: usage errors (picocli's parameter
 * exceptions and fleet file problems) are {@link ExitCodes#USAGE}, a
 * {@link CommandFailedException} carries its own code, anything else is {@link ExitCodes#UNEXPECTED}.
 */
public final class ExitCodeMapper implements IExitCodeExceptionMapper {

    @Override
    public int getExitCode(Throwable exception) {
        if (exception instanceof ParameterException || exception instanceof FleetFileException) {
            return ExitCodes.USAGE;
        }
        if (exception instanceof CommandFailedException failed) {
            return failed.exitCode();
        }
        return ExitCodes.UNEXPECTED;
    }
}
