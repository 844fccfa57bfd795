package io.qfleet.coordinator.workflow;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.progress.ProgressListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs the workflow over the hosts of a run, one host at a time, and reports through the
 * listener. The only place on the coordinator side that does I/O for a run (through
 * {@link HostMigration}); after the first host that fails, the rest are reported not_started.
 */
public final class WorkflowEngine {
    private final RunSpec spec;
    private final Function<HostEntry, AgentClient> clients;
    private final ProgressListener listener;
    private final Clock clock;

    public WorkflowEngine(RunSpec spec, Function<HostEntry, AgentClient> clients, ProgressListener listener, Clock clock) {
        this.spec = requireNonNull(spec, "spec");
        this.clients = requireNonNull(clients, "clients");
        this.listener = requireNonNull(listener, "listener");
        this.clock = requireNonNull(clock, "clock");
    }

    public RunResult run(List<HostEntry> hosts) {
        listener.runStarted(spec.runId(), hosts.stream().map(HostEntry::name).toList(), spec.targetVersion());
        List<HostSummary> summaries = new ArrayList<>();
        boolean stop = false;
        boolean afterPointOfNoReturn = false;
        boolean unreachable = false;
        for (HostEntry host : hosts) {
            HostSummary summary;
            if (stop) {
                summary = new HostSummary(host.name(), HostStatus.NOT_STARTED, "", "", null, null,
                        "not started: an earlier host failed");
            } else {
                try (AgentClient agent = clients.apply(host)) {
                    HostMigration migration = new HostMigration(spec, host, agent, listener, clock);
                    summary = migration.run();
                    afterPointOfNoReturn |= summary.status() == HostStatus.FAILED && migration.crossedPointOfNoReturn();
                    unreachable |= migration.unreachable();
                }
                stop = summary.status() != HostStatus.MIGRATED;
            }
            summaries.add(summary);
            listener.hostFinished(summary);
        }
        listener.runFinished(summaries);
        return new RunResult(summaries, afterPointOfNoReturn, unreachable);
    }
}
