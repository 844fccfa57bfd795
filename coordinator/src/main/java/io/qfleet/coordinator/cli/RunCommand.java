package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.client.AgentClientPool;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.plan.Plan;
import io.qfleet.coordinator.plan.PlanCheck;
import io.qfleet.coordinator.plan.PlanFile;
import io.qfleet.coordinator.plan.Planner;
import io.qfleet.coordinator.workflow.FleetRunner;
import io.qfleet.coordinator.workflow.HostStatus;
import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.RunRefusedException;
import io.qfleet.coordinator.workflow.RunResult;
import io.qfleet.coordinator.workflow.Surveyed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code qfleet run -f fleet.yaml}: migrates every host of the fleet file, one after another. */
@Command(name = "run", description = "Migrate the fleet: preflight, upload and stage on many hosts at once, then "
        + "inventory, backup, stop, swap, start, health gate and verify in waves. Journaled: qfleet resume continues it.")
public final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private FleetFileOption fleet;

    @Mixin
    private OutputOptions output;

    @Mixin
    private RunsDirOption runsDir;

    @Option(names = "--plan", paramLabel = "PLAN_JSON",
            description = "Refuse to run unless the fleet file and every host's facts are as in this plan (qfleet plan -o).")
    private Path plan;

    @Option(names = "--skip-backup", description = "Do not back up the hosts before stopping them. Then nothing can undo "
            + "a host whose verify fails after the point of no return; the plan says so.")
    private boolean skipBackup;

    @Override
    public Integer call() throws IOException {
        FleetFile file = fleet.load();
        Clock clock = Clock.systemDefaultZone();
        RunResult result;
        Surveyed surveyed = Surveyed.NONE;
        Plan saved = plan == null ? null : savedPlan();
        Path runs = runsDir.created(fleet.file());
        // The plan check and the run share one connection per agent, and the run takes what the check read.
        try (AgentClientPool agents = new AgentClientPool(FleetRunner.grpcClients(file.agents()))) {
            if (saved != null) {
                Planner.Survey now = new Planner(agents, skipBackup).check(file, fleet.file());
                String changed = PlanCheck.changes(saved, now.plan());
                if (changed != null) {
                    throw planRefused(changed + "; make a new plan with qfleet plan");
                }
                surveyed = now.surveyed();
            }
            // This pool's connections (the runner's own pool only wraps them) close while the report renders.
            FleetRunner runner = new FleetRunner(agents, clock).surveyed(surveyed).whenAgentsDone(agents::shutdown);
            if (skipBackup) {
                runner.skipBackup();
            }
            result = RunExecution.run(runner, spec.commandLine().getErr(),
                    r -> r.start(file, fleet.file(), runs, output.renderer(spec.commandLine().getOut(), clock)));
        } catch (RunRefusedException e) { // its journal could not be opened: nothing ran
            runsDir.removeIfUnused(fleet.file());
            throw new CommandFailedException(ExitCodes.USAGE, e.getMessage(), e);
        } catch (RuntimeException e) {
            // Refused before its journal began (the plan check): the runs dir made for it goes again while empty.
            runsDir.removeIfUnused(fleet.file());
            throw e;
        }
        spec.commandLine().getOut().flush();
        printReport(result, spec.commandLine().getErr());
        return finish(result, spec.commandLine().getErr());
    }

    /**
     * The plan to hold the run to, read before any agent is asked anything: a file that is not a plan,
     * a plan of the fleet file as it was before an edit, or one made for another --skip-backup, is
     * refused without a host's root marked.
     */
    private Plan savedPlan() {
        if (!Files.isRegularFile(plan)) {
            throw new ParameterException(spec.commandLine(), plan + ": no such file (write one with qfleet plan -o)");
        }
        Plan saved;
        try {
            saved = PlanFile.read(plan);
        } catch (PlanFile.NotAPlanException e) {
            throw planRefused(e.getMessage() + "; make a new plan with qfleet plan");
        } catch (IOException e) {
            throw planRefused("cannot read it (" + e.getMessage() + ")");
        }
        if (!saved.fleetSha256().equals(FleetRunner.sha256(fleet.file()))) {
            throw planRefused(PlanCheck.FLEET_FILE_CHANGED + "; make a new plan with qfleet plan");
        }
        if (saved.skipBackup() != null && saved.skipBackup() != skipBackup) {
            throw planRefused(saved.skipBackup()
                    ? "the plan was made with --skip-backup and this run would back up (add --skip-backup, or make a new plan without it)"
                    : "the plan backs up every host and this run has --skip-backup (drop it, or make a new plan with qfleet plan "
                    + "--skip-backup)");
        }
        return saved;
    }

    /** Exit 2 and one line: nothing was done. */
    private CommandFailedException planRefused(String why) {
        return new CommandFailedException(ExitCodes.USAGE, plan + ": " + why);
    }

    /** Where the run's report is, on stderr so --output json keeps stdout to run events. */
    static void printReport(RunResult result, PrintWriter err) {
        if (result.report() != null) {
            err.println("qfleet: report " + result.report());
        }
    }

    /**
     * One line on stderr per host that did not migrate (scripts watching stderr see why without
     * parsing the report), then the exit code.
     */
    static int finish(RunResult result, PrintWriter err) {
        for (HostSummary host : result.hosts()) {
            if (host.status() != HostStatus.MIGRATED && host.status() != HostStatus.NOT_STARTED) {
                err.println("qfleet: " + host.name() + ": " + host.status().label() + ": " + host.message());
            }
        }
        err.flush();
        return exitCode(result);
    }

    /** The documented exit codes, from the worst thing that happened to any host. */
    static int exitCode(RunResult result) {
        if (result.allMigrated()) {
            return ExitCodes.DONE;
        }
        if (result.failedAfterPointOfNoReturn()) {
            return ExitCodes.FAILED_AFTER_POINT_OF_NO_RETURN;
        }
        if (result.agentUnreachable()) {
            return ExitCodes.AGENTS_UNREACHABLE;
        }
        return ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN;
    }
}
