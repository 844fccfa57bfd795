package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.workflow.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qfleet backup -f fleet.yaml [--hosts a,b]}: checkpoint and archive each host's root into its agent's backup dir. */
@Command(name = "backup", description = "Back up hosts: CHECKPOINT CREATE, archive the whole root (tar + zstd) into the "
        + "agent's backup_dir with a manifest, CHECKPOINT RELEASE always. QuestDB keeps serving.")
public final class BackupCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private FleetFileOption fleet;

    @Mixin
    private OutputOptions output;

    @Option(names = "--hosts", paramLabel = "NAMES", description = "Comma-separated host names (default: every host).")
    private String hosts;

    @Option(names = "--compression", defaultValue = "zstd", description = "zstd (default), gzip or none.")
    private String compression;

    @Option(names = "--level", defaultValue = "0", description = "Compression level; 0 = the agent's default (zstd 1, gzip 6).")
    private int level;

    @Override
    public Integer call() {
        FleetFile file = fleet.load();
        List<HostEntry> chosen = HostOperations.select(spec.commandLine(), file, "--hosts", hosts);
        HostOperations.Tally tally = HostOperations.run("backup", file.agents(), chosen, Step.BACKUP, new StepRequest.Backup(compression, level, 0),
                Duration.ofHours(6), output.renderer(spec.commandLine().getOut(), Clock.systemDefaultZone()), reason -> true); // leaves hosts as they were
        spec.commandLine().getOut().flush();
        return tally.exitCode();
    }
}
