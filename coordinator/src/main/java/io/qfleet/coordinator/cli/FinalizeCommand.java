package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.workflow.FleetRunner;
import io.qfleet.coordinator.workflow.HostsRefusedException;
import io.qfleet.coordinator.workflow.RunRefusedException;
import io.qfleet.coordinator.workflow.WorkflowEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qfleet finalize -f fleet.yaml [--run RUN] [--hosts a,b]}: once the operator is satisfied,
 * removes what a run kept for its way back and says how much space that frees.
 */
@Command(name = "finalize", description = "Remove what a run kept on each host it migrated for its way back: the previous "
        + "install dir, the backup archive and its manifest, the uploaded distribution. Prints the space freed per host and in "
        + "total. Rolled-back hosts keep their backup unless named with --hosts. After this there is no qfleet rollback.")
public final class FinalizeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private FleetFileOption fleet;

    @Mixin
    private RunsDirOption runsDir;

    @Mixin
    private RunSelection selection;

    @Option(names = "--hosts", paramLabel = "NAMES", description = "Comma-separated host names (default: every host the run "
            + "migrated). A named host the run did not migrate or roll back refuses the command.")
    private String hosts;

    @Override
    public Integer call() {
        FleetFile file = fleet.load();
        List<String> named = hosts == null ? List.of()
                : HostOperations.select(spec.commandLine(), file, "--hosts", hosts).stream().map(HostEntry::name).toList();
        Path runDir = selection.find(runsDir.resolve(fleet.file()));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<FleetRunner.Released> released;
        try {
            released = FleetRunner.overGrpc(Clock.systemDefaultZone(), file.agents()).release(file, runDir, named);
        } catch (HostsRefusedException e) {
            for (WorkflowEngine.Refusal refusal : e.refusals()) {
                err.println("qfleet: " + refusal.host() + ": finalize refused: " + refusal.reason());
            }
            err.println("qfleet: nothing was removed on any host");
            err.flush();
            return ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN;
        } catch (RunRefusedException e) {
            throw new CommandFailedException(ExitCodes.USAGE, e.getMessage(), e);
        }
        long total = 0;
        for (FleetRunner.Released host : released) {
            if (host.ok()) {
                out.println(host.host() + ": " + (host.detail().startsWith("skipped") ? host.detail()
                        : "freed " + size(host.bytesFreed()) + " (" + host.detail() + ")"));
                total += host.bytesFreed();
            } else {
                err.println("qfleet: " + host.host() + ": finalize failed: " + host.detail());
            }
        }
        out.println("total: freed " + size(total));
        out.flush();
        err.flush();
        if (released.stream().anyMatch(FleetRunner.Released::unreachable)) {
            return ExitCodes.AGENTS_UNREACHABLE;
        }
        return released.stream().allMatch(FleetRunner.Released::ok) ? ExitCodes.DONE : ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN;
    }

    /** Bytes exactly, and in MiB for people. */
    static String size(long bytes) {
        return String.format(Locale.ROOT, "%d bytes (%.1f MiB)", bytes, bytes / 1048576.0);
    }
}
