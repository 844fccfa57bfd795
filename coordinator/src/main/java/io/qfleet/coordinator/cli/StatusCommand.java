package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.AgentOperation;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.workflow.HostRun;
import io.qfleet.coordinator.workflow.RunReplay;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code qfleet status -f fleet.yaml}: where a run stands, from its journal and from the agents. */
@Command(name = "status", description = "Show where a run stands: each host's state from the journal, and the "
        + "run's latest operation on its agent. Changes nothing.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private FleetFileOption fleet;

    @Mixin
    private RunsDirOption runsDir;

    @Mixin
    private RunSelection selection;

    @Override
    public Integer call() {
        FleetFile file = fleet.load();
        Path runDir = selection.find(runsDir.resolve(fleet.file()));
        List<JournalEntry> entries;
        try {
            entries = RunJournal.read(runDir.resolve(RunJournal.FILE_NAME));
        } catch (RunJournal.NotAJournalException e) {
            throw new CommandFailedException(ExitCodes.USAGE, e.getMessage(), e);
        }
        if (entries.isEmpty() || !(entries.get(0) instanceof JournalEntry.RunStarted started)) {
            // qfleet killed before its first journal line was on disk: nothing was done in that run.
            throw new CommandFailedException(ExitCodes.USAGE, runDir + ": no run journal there (expected "
                    + RunJournal.FILE_NAME + " to start with run_started; qfleet run starts a new run)");
        }
        Map<String, HostRun> runs = RunReplay.replay(entries, started.targetVersion());
        boolean ended = entries.get(entries.size() - 1) instanceof JournalEntry.RunFinished f && !f.interrupted();
        PrintWriter out = spec.commandLine().getOut();
        out.println("run " + started.runId() + " (target " + started.targetVersion() + "): "
                + (ended ? "finished" : "not finished; qfleet resume continues it"));
        int width = file.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(4);
        List<String> finalized = entries.stream().filter(JournalEntry.HostFinalized.class::isInstance)
                .map(e -> ((JournalEntry.HostFinalized) e).host()).toList();
        for (HostEntry host : file.hosts()) {
            HostRun run = runs.get(host.name());
            String state = state(run) + (finalized.contains(host.name()) ? ", finalized" : "");
            out.printf("%-" + width + "s  %-40s  %s%n", host.name(), state, agentView(started.runId(), host, file.agents()));
        }
        out.flush();
        return ExitCodes.DONE;
    }

    private static String state(HostRun run) {
        if (run == null) {
            return "not started";
        }
        if (run.finished()) {
            return run.status().label() + " " + run.versionBefore() + " -> " + run.versionAfter();
        }
        return (run.running() ? "in " : "next: ") + run.current().label();
    }

    /** The run's latest operation on this host's agent, or why the agent could not say. */
    private static String agentView(String runId, HostEntry host, AgentAccess access) {
        String prefix = runId + "." + host.name() + ".";
        try (AgentClient agent = GrpcAgentClient.connect(host, access)) {
            List<AgentOperation> ours = agent.operations().stream().filter(o -> o.id().startsWith(prefix)).toList();
            if (ours.isEmpty()) {
                return "agent: no operation of this run";
            }
            AgentOperation last = ours.get(ours.size() - 1);
            return "agent: " + last.id().substring(prefix.length()) + " " + last.state()
                    + (last.failureMessage().isEmpty() ? "" : " (" + last.failureMessage() + ")");
        } catch (AgentCallException e) {
            return "agent: " + e.getMessage();
        }
    }
}
