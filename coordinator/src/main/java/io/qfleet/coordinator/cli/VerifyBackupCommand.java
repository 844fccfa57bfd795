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

/** {@code qfleet verify-backup -f fleet.yaml --host H --archive PATH}: reads an archive back against its manifest. */
@Command(name = "verify-backup", description = "Read a backup archive back on its host and check every entry against the "
        + "manifest (present, size, checksum). Changes nothing.")
public final class VerifyBackupCommand implements Callable<Integer> {

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
        HostOperations.Tally tally = HostOperations.run("verify-backup", file.agents(), HostOperations.select(spec.commandLine(), file, "--host", target.host),
                Step.VERIFY, new StepRequest.VerifyBackup(target.archive), Duration.ofHours(6),
                output.renderer(spec.commandLine().getOut(), Clock.systemDefaultZone()), reason -> true); // leaves hosts as they were
        spec.commandLine().getOut().flush();
        return tally.exitCode();
    }
}
