package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.workflow.FleetRunner;
import io.qfleet.coordinator.workflow.RunRefusedException;
import io.qfleet.coordinator.workflow.RunResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qfleet resume -f fleet.yaml}: continues a run from its journal after a crash or Ctrl-C. */
@Command(name = "resume", description = "Continue a run from its journal: finished steps are not run again, a step that "
        + "was running re-attaches to its operation on the agent.")
public final class ResumeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private FleetFileOption fleet;

    @Mixin
    private OutputOptions output;

    @Mixin
    private RunsDirOption runsDir;

    @Mixin
    private RunSelection selection;

    @Option(names = "--retry-failed", description = "Also run again the hosts that failed before the point of no return "
            + "or were rolled back, and the failed TLS, admins or replication step of a migrated host (with new operation ids).")
    private boolean retryFailed;

    @Override
    public Integer call() {
        FleetFile file = fleet.load();
        Path runDir = selection.find(runsDir.resolve(fleet.file()));
        Clock clock = Clock.systemDefaultZone();
        RunResult result;
        try {
            result = RunExecution.run(FleetRunner.overGrpc(clock, file.agents()), spec.commandLine().getErr(),
                    r -> r.resume(file, fleet.file(), runDir, retryFailed, output.renderer(spec.commandLine().getOut(), clock)));
        } catch (RunRefusedException e) {
            throw new CommandFailedException(ExitCodes.USAGE, e.getMessage(), e);
        }
        spec.commandLine().getOut().flush();
        RunCommand.printReport(result, spec.commandLine().getErr());
        return RunCommand.finish(result, spec.commandLine().getErr());
    }
}
