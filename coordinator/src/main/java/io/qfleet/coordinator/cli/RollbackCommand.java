package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.workflow.FleetRunner;
import io.qfleet.coordinator.workflow.HostStatus;
import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.HostsRefusedException;
import io.qfleet.coordinator.workflow.RunRefusedException;
import io.qfleet.coordinator.workflow.RunResult;
import io.qfleet.coordinator.workflow.WorkflowEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qfleet rollback -f fleet.yaml --hosts a,b [--run RUN]}: hosts a run migrated go back to
 * their previous version from that run's backup, journaled in that run.
 */
@Command(name = "rollback", description = "Take hosts a run migrated back to their previous version from that run's backup: "
        + "check the archive, stop QuestDB, put the previous binaries back, restore the root (QuestDB's _restore), start, and "
        + "verify against the run's inventory. Writes since the backup are lost. Refused, with nothing changed on any host, "
        + "when a named host was not migrated by the run, the run has no backup of it, or it was finalized.")
public final class RollbackCommand implements Callable<Integer> {

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

    @Option(names = "--hosts", required = true, paramLabel = "NAMES", description = "Comma-separated host names to roll back.")
    private String hosts;

    @Override
    public Integer call() {
        FleetFile file = fleet.load();
        List<HostEntry> chosen = HostOperations.select(spec.commandLine(), file, "--hosts", hosts);
        Path runDir = selection.find(runsDir.resolve(fleet.file()));
        Clock clock = Clock.systemDefaultZone();
        PrintWriter err = spec.commandLine().getErr();
        RunResult result;
        try {
            result = RunExecution.run(FleetRunner.overGrpc(clock, file.agents()), err,
                    runner -> runner.rollBack(file, runDir, chosen, output.renderer(spec.commandLine().getOut(), clock)));
        } catch (HostsRefusedException e) {
            for (WorkflowEngine.Refusal refusal : e.refusals()) {
                err.println("qfleet: " + refusal.host() + ": rollback refused: " + refusal.reason());
            }
            err.println("qfleet: nothing was done on any host");
            err.flush();
            return e.refusals().stream().anyMatch(WorkflowEngine.Refusal::unreachable) ? ExitCodes.AGENTS_UNREACHABLE
                    : ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN;
        } catch (RunRefusedException e) {
            throw new CommandFailedException(ExitCodes.USAGE, e.getMessage(), e);
        }
        spec.commandLine().getOut().flush();
        RunCommand.printReport(result, err);
        for (HostSummary host : result.hosts()) {
            if (host.status() != HostStatus.ROLLED_BACK) {
                err.println("qfleet: " + host.name() + ": " + host.status().label() + ": " + host.message());
            }
        }
        err.flush();
        return exitCode(result);
    }

    /**
     * Done when every host is back; a rollback that failed once it began left a host for an operator (exit 4), its
     * agent lost on the way included: every agent answered the check before anything began (refused with 5 otherwise).
     */
    static int exitCode(RunResult result) {
        return result.hosts().stream().allMatch(h -> h.status() == HostStatus.ROLLED_BACK) ? ExitCodes.DONE
                : ExitCodes.FAILED_AFTER_POINT_OF_NO_RETURN;
    }
}
