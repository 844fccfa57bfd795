package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.progress.ProgressListener;
import io.qfleet.coordinator.workflow.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * One agent operation on chosen hosts outside a run ({@code backup}, {@code verify-backup},
 * {@code restore}), reported through the same renderers as a run's steps.
 */
final class HostOperations {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private HostOperations() {}

    /** The hosts named in {@code names} (comma-separated), or all when null; an unknown name is a usage error. */
    static List<HostEntry> select(CommandLine commandLine, FleetFile fleet, String option, String names) {
        if (names == null || names.isBlank()) {
            return fleet.hosts();
        }
        Set<String> wanted = Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        for (String name : wanted) {
            if (fleet.host(name).isEmpty()) {
                throw new ParameterException(commandLine, option + ": no host '" + name + "' in the fleet file (expected one of: "
                        + String.join(", ", fleet.hostNames()) + ")");
            }
        }
        return fleet.hosts().stream().filter(h -> wanted.contains(h.name())).toList();
    }

    /** Runs {@code request} on each host in turn under a fresh operation id; returns the outcomes (null where unreachable). */
    static boolean run(String verb, AgentAccess access, List<HostEntry> hosts, Step step, StepRequest request, Duration timeout,
            ProgressListener listener) {
        String prefix = verb + "-" + ID.format(Instant.now());
        boolean allOk = true;
        for (HostEntry host : hosts) {
            Instant begin = Instant.now();
            listener.stepStarted(host.name(), step);
            String detail;
            boolean ok;
            try (AgentClient agent = GrpcAgentClient.connect(host, access)) {
                OperationOutcome outcome = agent.run(prefix + "." + host.name(), request,
                        (m, done, total, unit) -> listener.stepProgress(host.name(), step, m, done, total, unit), timeout);
                ok = outcome.succeeded();
                detail = ok ? outcome.detail() : outcome.failureMessage();
            } catch (AgentCallException e) {
                ok = false;
                detail = e.getMessage();
            }
            listener.stepFinished(host.name(), step, ok, detail, Duration.between(begin, Instant.now()));
            allOk &= ok;
        }
        return allOk;
    }
}
