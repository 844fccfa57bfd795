package io.qfleet.coordinator.workflow;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * Where one host stands in a run, changed only by pure transitions: the engine journals an event,
 * then applies it here; {@code qfleet resume} replays the journal through the same transitions.
 * {@code current} is the step running ({@code running}) or to run next; null once finished.
 */
public record HostRun(
        String host,
        String targetVersion,
        int attempt,
        Step current,
        boolean running,
        String versionBefore,
        String versionAfter,
        Long rowsBefore,
        Long rowsAfter,
        boolean swapped,
        boolean started,
        boolean unreachable,
        String firstFailure,
        HostStatus status,
        String message,
        List<Step> path) {

    /** Steps that run wide, before the waves; nothing QuestDB uses changes in them. */
    public static final Set<Step> STAGING = Set.of(Step.PREFLIGHT, Step.REPLICATION_CHECK, Step.UPLOAD, Step.STAGE,
            Step.TLS_CHECK);

    public HostRun {
        requireNonNull(host, "host");
        requireNonNull(targetVersion, "targetVersion");
        versionBefore = versionBefore == null ? "" : versionBefore;
        versionAfter = versionAfter == null ? "" : versionAfter;
        path = path == null ? HostWorkflow.FORWARD : List.copyOf(path);
    }

    public static HostRun begin(String host, String targetVersion) {
        return begin(host, targetVersion, HostWorkflow.FORWARD);
    }

    /** A host that will go through {@code path} ({@link HostWorkflow#forward}). */
    public static HostRun begin(String host, String targetVersion, List<Step> path) {
        return new HostRun(host, targetVersion, 1, Step.PREFLIGHT, false, "", "", null, null, false, false, false, null, null, "",
                path);
    }

    public boolean finished() {
        return status != null;
    }

    /** Still in the wide staging phase (or finished there). */
    public boolean staging() {
        return current != null && STAGING.contains(current);
    }

    /** Whether the new binaries may have run on this host's data. */
    public boolean crossedPointOfNoReturn() {
        return started;
    }

    public HostRun stepStarted(Step step) {
        if (step != current || running) {
            throw new IllegalStateException(host + ": " + step + " started while " + current + (running ? " runs" : " is next"));
        }
        return with(current, true, versionBefore, versionAfter, rowsBefore, rowsAfter, swapped, started || step == Step.START,
                unreachable, firstFailure, null, "");
    }

    /**
     * The result of the running step. {@code version} is what the step read (or empty), {@code rows}
     * what it counted (or -1).
     */
    public HostRun stepFinished(Step step, boolean ok, String detail, String version, long rows, boolean unreachableAgent) {
        if (step != current || !running) {
            throw new IllegalStateException(host + ": " + step + " finished but " + current + " is " + (running ? "running" : "next"));
        }
        String before = versionBefore;
        String after = versionAfter;
        Long counted = rows >= 0 ? rows : null;
        Long rowsBeforeNext = rowsBefore;
        Long rowsAfterNext = rowsAfter;
        boolean swappedNext = swapped;
        if (ok) {
            switch (step) {
                case PREFLIGHT -> before = version;
                case INVENTORY -> rowsBeforeNext = counted;
                case SWAP -> swappedNext = true;
                case HEALTH_GATE -> after = version;
                case VERIFY -> rowsAfterNext = counted;
                case ROLLBACK -> {
                    after = version;
                    rowsAfterNext = counted;
                    swappedNext = false;
                }
                default -> { }
            }
        }
        String failure = ok || firstFailure != null ? firstFailure : step.label() + " failed: " + detail;
        boolean alreadyOnTarget = ok && step == Step.PREFLIGHT && before.equals(targetVersion);
        HostWorkflow.Decision decision = alreadyOnTarget
                ? HostWorkflow.Decision.finish(HostStatus.MIGRATED, "already on " + before + ", nothing to do")
                : HostWorkflow.afterStep(path, step, ok);
        if (alreadyOnTarget) {
            after = before;
        }
        boolean unreachableNext = unreachable || unreachableAgent;
        if (!decision.finished()) {
            return with(decision.next(), false, before, after, rowsBeforeNext, rowsAfterNext, swappedNext, started,
                    unreachableNext, failure, null, "");
        }
        String message = failure == null ? decision.note() : failure + " (" + decision.note() + ")";
        return with(null, false, before, after, rowsBeforeNext, rowsAfterNext, swappedNext, started, unreachableNext,
                failure, decision.status(), message);
    }

    /**
     * A new attempt for a host that failed without its data being touched ({@code --retry-failed});
     * its operations get new ids, so the agents run them again.
     */
    public HostRun retry() {
        if (!finished() || status == HostStatus.MIGRATED || crossedPointOfNoReturn() && status == HostStatus.FAILED) {
            throw new IllegalStateException(host + " is " + (status == null ? "not finished" : status.label()) + "; only a host "
                    + "that failed before the point of no return, or rolled back, can be retried");
        }
        return new HostRun(host, targetVersion, attempt + 1, Step.PREFLIGHT, false, "", "", null, null, false, false, false,
                null, null, "", path);
    }

    public boolean retryable() {
        return finished() && status != HostStatus.MIGRATED && status != HostStatus.NOT_STARTED
                && !(crossedPointOfNoReturn() && status == HostStatus.FAILED);
    }

    public HostSummary summary() {
        return new HostSummary(host, status == null ? HostStatus.NOT_STARTED : status, versionBefore, versionAfter,
                rowsBefore, rowsAfter, status == null ? notStartedMessage() : message);
    }

    private String notStartedMessage() {
        return current == Step.PREFLIGHT && !running ? "not started" : "stopped before " + current.label() + "; qfleet resume continues it";
    }

    private HostRun with(Step step, boolean isRunning, String before, String after, Long rowsBeforeNext, Long rowsAfterNext,
            boolean swappedNext, boolean startedNext, boolean unreachableNext, String failure, HostStatus finalStatus,
            String finalMessage) {
        return new HostRun(host, targetVersion, attempt, step, isRunning, before, after, rowsBeforeNext, rowsAfterNext,
                swappedNext, startedNext, unreachableNext, failure, finalStatus, finalMessage, path);
    }
}
