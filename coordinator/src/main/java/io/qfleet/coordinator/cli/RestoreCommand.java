package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.workflow.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code qfleet restore -f fleet.yaml --host H --archive PATH}: puts a backed-up root back and proves it. */
@Command(name = "restore", description = "Restore a host from a backup archive: verify the archive, stop QuestDB, move the "
        + "root aside, unpack, trigger checkpoint recovery (_restore), start, and compare tables and row counts with the "
        + "manifest. Refuses an archive from another major version than the installed binaries.")
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private FleetFileOption fleet;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ArchiveOnHost target;

    @Override
    public Integer call() {
        FleetFile file = fleet.load();
        HostOperations.Tally tally = HostOperations.run("restore", file.agents(), HostOperations.select(spec.commandLine(), file, "--host", target.host), Step.ROLLBACK_FROM_BACKUP,
                new StepRequest.Restore(target.archive, (int) file.timeouts().healthGate().toSeconds()), Duration.ofHours(6),
                output.renderer(spec.commandLine().getOut(), Clock.systemDefaultZone()), HostOperations.RESTORE_REFUSALS::contains);
        spec.commandLine().getOut().flush();
        return tally.exitCode();
    }
}
