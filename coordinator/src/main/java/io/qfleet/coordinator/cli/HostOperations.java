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
import java.util.function.Predicate;
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

    /**
     * Failure reasons of a restore that come before it changes anything (the archive, its manifest
     * and the installed binaries are checked while QuestDB still serves): see RestoreSpec.
     */
    static final Set<String> RESTORE_REFUSALS = Set.of("missing_field", "path_not_allowed", "archive_not_found", "backup_dir_missing",
            "backup_dir_inside_root", "manifest_missing", "backup_corrupt", "major_version_mismatch", "edition_mismatch");

    /** How the hosts of one command ended, for its exit code. */
    static final class Tally {
        private boolean failed;
        private boolean changed;
        private boolean unreachable;

        int exitCode() {
            return exitCode(failed, changed, unreachable);
        }

        /**
         * 0 done; 4 a failure that may have changed a host, whatever else happened (as for run: the host an operator
         * must look at comes first); 5 an agent unreachable; 3 failures that changed nothing.
         */
        static int exitCode(boolean failed, boolean changed, boolean unreachable) {
            return changed ? ExitCodes.FAILED_AFTER_POINT_OF_NO_RETURN : unreachable ? ExitCodes.AGENTS_UNREACHABLE
                    : failed ? ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN : ExitCodes.DONE;
        }
    }

    /**
     * Runs {@code request} on each host in turn under a fresh operation id. {@code unchanged} says
     * which failure reasons left the host as it was (a refusal); any other failure may have changed it.
     */
    static Tally run(String verb, AgentAccess access, List<HostEntry> hosts, Step step, StepRequest request, Duration timeout,
            ProgressListener listener, Predicate<String> unchanged) {
        String prefix = verb + "-" + ID.format(Instant.now());
        Tally tally = new Tally();
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
                tally.changed |= !ok && !unchanged.test(outcome.failureReason());
            } catch (AgentCallException e) {
                ok = false;
                detail = e.getMessage();
                tally.unreachable |= e.unreachable();
                tally.changed |= !e.unreachable() && !unchanged.test(e.reason());
            }
            tally.failed |= !ok;
            listener.stepFinished(host.name(), step, ok, detail, Duration.between(begin, Instant.now()));
        }
        return tally;
    }
}
