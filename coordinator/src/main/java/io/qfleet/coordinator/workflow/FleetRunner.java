package io.qfleet.coordinator.workflow;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.progress.ProgressListener;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** Turns a fleet file into a run: the one path shared by {@code qfleet run} and {@code qfleet demo}. */
public final class FleetRunner {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("'r'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Function<HostEntry, AgentClient> clients;
    private final Clock clock;

    public FleetRunner(Function<HostEntry, AgentClient> clients, Clock clock) {
        this.clients = requireNonNull(clients, "clients");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Agents over gRPC at the addresses of the fleet file. */
    public static FleetRunner overGrpc(Clock clock) {
        return new FleetRunner(host -> GrpcAgentClient.connect(host.agentHost(), host.agentPort()), clock);
    }

    public RunResult run(FleetFile fleet, ProgressListener listener) {
        RunSpec spec = new RunSpec(newRunId(),
                fleet.target().distribution(),
                fleet.target().sha256(),
                fleet.target().version(),
                (int) fleet.timeouts().stop().toSeconds(),
                (int) fleet.timeouts().healthGate().toSeconds(),
                (int) fleet.timeouts().walApply().toSeconds());
        return new WorkflowEngine(spec, clients, listener, clock).run(fleet.hosts());
    }

    /** Unique per run, readable, and valid inside agent operation ids. */
    private String newRunId() {
        return RUN_ID.format(clock.instant()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }
}
