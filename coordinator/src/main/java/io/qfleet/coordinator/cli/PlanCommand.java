package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.client.AgentClientPool;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.plan.Plan;
import io.qfleet.coordinator.plan.PlanFile;
import io.qfleet.coordinator.plan.PlanText;
import io.qfleet.coordinator.plan.Planner;
import io.qfleet.coordinator.workflow.FleetRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qfleet plan -f fleet.yaml [-o plan.json]}: preflight everywhere, show what a run would do. */
@Command(name = "plan", description = "Preflight every host in parallel and show, per host, the checks and the steps a "
        + "run would take. Changes nothing. -o writes plan.json for qfleet run --plan.")
public final class PlanCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private FleetFileOption fleet;

    @Mixin
    private OutputOptions output;

    @Option(names = {"-o", "--out"}, paramLabel = "PLAN_JSON", description = "Write the plan (with its hash) to this file.")
    private Path out;

    @Option(names = "--skip-backup", description = "Plan a run without the backup step (qfleet run --skip-backup).")
    private boolean skipBackup;

    @Override
    public Integer call() throws IOException {
        FleetFile file = fleet.load();
        if (out != null) {
            refuseUnwritable(out);
        }
        Plan plan;
        try (AgentClientPool agents = new AgentClientPool(FleetRunner.grpcClients(file.agents()))) {
            plan = new Planner(agents, skipBackup).plan(file, fleet.file());
            agents.shutdown(); // the connections close while the plan prints
            PrintWriter stdout = spec.commandLine().getOut();
            if (output.json()) {
                stdout.println(PlanFile.json(plan));
                stdout.flush();
            } else {
                PlanText.print(plan, stdout);
            }
            if (out != null) {
                write(out, plan);
            }
        }
        if (plan.hosts().stream().anyMatch(h -> !h.reachable())) {
            return ExitCodes.AGENTS_UNREACHABLE;
        }
        return plan.ready() ? ExitCodes.DONE : ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN;
    }

    /** Checked before any agent is asked anything, not found out once every root is marked. */
    private static void refuseUnwritable(Path file) {
        if (Files.isDirectory(file)) {
            throw new CommandFailedException(ExitCodes.USAGE, "-o " + file + ": is a directory (name the plan's file, e.g. "
                    + file.resolve("plan.json") + ")");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new CommandFailedException(ExitCodes.USAGE, "-o " + file + ": no such directory (create it, or write the plan "
                    + "elsewhere)");
        }
        if (!Files.isWritable(parent)) {
            throw new CommandFailedException(ExitCodes.USAGE, "-o " + file + ": cannot write in its directory (permission denied)");
        }
    }

    private static void write(Path file, Plan plan) {
        try {
            PlanFile.write(file, plan);
        } catch (IOException e) {
            throw new CommandFailedException(ExitCodes.UNEXPECTED, "cannot write the plan to " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
