package io.qfleet.coordinator.workflow;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * Where one host stands in a run, changed only by pure transitions: the engine journals an event,
 * then applies it here; {@code qfleet resume} replays the journal through the same transitions.
 * {@code current} is the step running ({@code running}) or to run next; null once finished.
 * {@code backupArchive} is the archive the backup step left on the host ("" without one): the way
 * back after the point of no return, so it is journaled with the backup's result. {@code finishing}
 * is the path of a host preflight found already on the target but without some Enterprise settings
 * ({@link HostWorkflow#finishing}; empty otherwise); {@code lastStep} the step that finished the host
 * (null while it goes on), so a failed Enterprise step can be retried on its own.
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
        List<Step> path,
        String backupArchive,
        List<Step> finishing,
        Step lastStep) {

    /** How a host rolled back on the operator's request is reported. */
    static final String BY_OPERATOR = "rolled back on the operator's request (qfleet rollback)";

    /** Steps that run wide, before the waves; nothing QuestDB uses changes in them. */
    public static final Set<Step> STAGING = Set.of(Step.PREFLIGHT, Step.REPLICATION_CHECK, Step.UPLOAD, Step.STAGE,
            Step.TLS_CHECK);

    public HostRun {
        requireNonNull(host, "host");
        requireNonNull(targetVersion, "targetVersion");
        versionBefore = versionBefore == null ? "" : versionBefore;
        versionAfter = versionAfter == null ? "" : versionAfter;
        path = path == null ? HostWorkflow.FORWARD : List.copyOf(path);
        backupArchive = backupArchive == null ? "" : backupArchive;
        finishing = finishing == null ? List.of() : List.copyOf(finishing);
    }

    public static HostRun begin(String host, String targetVersion) {
        return begin(host, targetVersion, HostWorkflow.FORWARD);
    }

    /** A host that will go through {@code path} ({@link HostWorkflow#forward}). */
    public static HostRun begin(String host, String targetVersion, List<Step> path) {
        return new HostRun(host, targetVersion, 1, Step.PREFLIGHT, false, "", "", null, null, false, false, false, null, null, "",
                path, "", List.of(), null);
    }

    /** The steps this host goes through: its {@code finishing} path when it has one, else its forward path. */
    public List<Step> steps() {
        return finishing.isEmpty() ? path : finishing;
    }

    /**
     * Nothing of this host is down yet and nothing will be until its next step starts: it is staging,
     * or its first step after staging has not started, or it is a retried host serving the target
     * between its Enterprise steps (what a stop request or the failure threshold holds back).
     */
    public boolean notYetDown() {
        return staging() || !running && current != null
                && (current == steps().stream().filter(s -> !STAGING.contains(s)).findFirst().orElse(null)
                        || attempt > 1 && HostWorkflow.ENTERPRISE.contains(current));
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

    /** As {@link #stepFinished(Step, boolean, String, String, long, boolean, String, List)} with no archive. */
    public HostRun stepFinished(Step step, boolean ok, String detail, String version, long rows, boolean unreachableAgent) {
        return stepFinished(step, ok, detail, version, rows, unreachableAgent, "");
    }

    /**
     * The result of the running step. {@code version} is what the step read (or empty), {@code rows}
     * what it counted (or -1), {@code archive} the backup archive it wrote (or empty).
     */
    public HostRun stepFinished(Step step, boolean ok, String detail, String version, long rows, boolean unreachableAgent,
            String archive) {
        return stepFinished(step, ok, detail, version, rows, unreachableAgent, archive, null);
    }

    /**
     * As above; {@code finishingSteps} is what a preflight found still to do on a host already on the
     * target ({@link HostWorkflow#finishing}: empty when nothing, null when the preflight did not say,
     * as in journals written before it did): such a host goes through those steps only.
     */
    public HostRun stepFinished(Step step, boolean ok, String detail, String version, long rows, boolean unreachableAgent,
            String archive, List<Step> finishingSteps) {
        if (step != current || !running) {
            throw new IllegalStateException(host + ": " + step + " finished but " + current + " is " + (running ? "running" : "next"));
        }
        String before = versionBefore;
        String after = versionAfter;
        Long counted = rows >= 0 ? rows : null;
        Long rowsBeforeNext = rowsBefore;
        Long rowsAfterNext = rowsAfter;
        boolean swappedNext = swapped;
        String archiveNext = backupArchive;
        if (ok) {
            switch (step) {
                case PREFLIGHT -> before = version;
                case BACKUP -> archiveNext = archive == null ? "" : archive;
                case INVENTORY -> rowsBeforeNext = counted;
                case SWAP -> swappedNext = true;
                case HEALTH_GATE -> after = version;
                case VERIFY -> rowsAfterNext = counted;
                case ROLLBACK, ROLLBACK_FROM_BACKUP -> {
                    after = version;
                    rowsAfterNext = counted;
                    swappedNext = false;
                }
                default -> { }
            }
        }
        String failure = ok || firstFailure != null ? firstFailure : step.label() + " failed: " + detail;
        boolean alreadyOnTarget = ok && step == Step.PREFLIGHT && before.equals(targetVersion);
        List<Step> finishingNext = step != Step.PREFLIGHT || !ok ? finishing
                : alreadyOnTarget && finishingSteps != null ? finishingSteps : List.of();
        HostWorkflow.Decision decision = alreadyOnTarget && finishingNext.isEmpty()
                ? HostWorkflow.Decision.finish(HostStatus.MIGRATED, "already on " + before + ", nothing to do")
                : HostWorkflow.afterStep(finishingNext.isEmpty() ? path : finishingNext, step, ok, !archiveNext.isEmpty());
        if (alreadyOnTarget) {
            after = before;
        }
        boolean unreachableNext = unreachable || unreachableAgent;
        HostRun next = new HostRun(host, targetVersion, attempt, current, running, versionBefore, versionAfter, rowsBefore,
                rowsAfter, swapped, started, unreachable, firstFailure, status, message, path, archiveNext, finishingNext, lastStep);
        if (!decision.finished()) {
            return next.with(decision.next(), false, before, after, rowsBeforeNext, rowsAfterNext, swappedNext, started,
                    unreachableNext, failure, null, "");
        }
        String message = failure != null ? failure + " (" + decision.note() + ")"
                : step == Step.ROLLBACK_FROM_BACKUP && ok ? BY_OPERATOR + "; " + decision.note()
                : !finishingNext.isEmpty() ? "already on " + before + "; ran only " + finishingNext.stream()
                        .filter(HostWorkflow.ENTERPRISE::contains).map(Step::label).collect(java.util.stream.Collectors.joining(", "))
                : decision.note();
        return next.with(null, false, before, after, rowsBeforeNext, rowsAfterNext, swappedNext, started, unreachableNext,
                failure, decision.status(), message);
    }

    /**
     * Why {@code qfleet rollback} may not take this migrated host back, or null when it may: it must
     * have migrated in this run (the new binaries ran) and have a backup archive.
     */
    public String rollbackRefusal() {
        if (status != HostStatus.MIGRATED) {
            return status == null ? "not finished in this run (" + summary().message() + ")"
                    : "not migrated by this run (" + status.label() + ")";
        }
        if (!crossedPointOfNoReturn()) {
            return "not migrated by this run (" + message + ")";
        }
        if (backupArchive.isEmpty()) {
            return "the run has no backup of it (--skip-backup): nothing to roll back from";
        }
        return null;
    }

    /**
     * {@code qfleet rollback}: a migrated host goes back through {@link Step#ROLLBACK_FROM_BACKUP}
     * (nothing failed, so it counts as no failure and is never retried).
     */
    public HostRun rollbackRequested() {
        String refusal = rollbackRefusal();
        if (refusal != null) {
            throw new IllegalStateException(host + ": " + refusal);
        }
        return with(Step.ROLLBACK_FROM_BACKUP, false, versionBefore, versionAfter, rowsBefore, rowsAfter, swapped, started,
                unreachable, null, null, "");
    }

    /** Rolled back because the operator asked for it, not because a step failed. */
    public boolean rolledBackByOperator() {
        return status == HostStatus.ROLLED_BACK && firstFailure == null;
    }

    /**
     * A new attempt ({@code --retry-failed}); its operations get new ids, so the agents run them again.
     * A host that failed in an Enterprise step goes on from that step: its data is migrated and
     * verified, its binaries in place. Any other starts again from preflight.
     */
    public HostRun retry() {
        if (!retryable()) {
            throw new IllegalStateException(host + " is " + (status == null ? "not finished" : status.label()) + "; only a host "
                    + "that failed before the point of no return or in a TLS, admins or replication step, or rolled back, can be retried");
        }
        if (failedInEnterpriseStep()) {
            return new HostRun(host, targetVersion, attempt + 1, lastStep, false, versionBefore, versionAfter, rowsBefore, rowsAfter,
                    swapped, started, false, null, null, "", path, backupArchive, finishing, null);
        }
        return new HostRun(host, targetVersion, attempt + 1, Step.PREFLIGHT, false, "", "", null, null, false, false, false,
                null, null, "", path, "", List.of(), null);
    }

    /**
     * Failed before the point of no return, or in an Enterprise step (TLS, admins, replication), or
     * rolled back after a failure (not on the operator's request).
     */
    public boolean retryable() {
        return finished() && status != HostStatus.MIGRATED && status != HostStatus.NOT_STARTED
                && !(crossedPointOfNoReturn() && status == HostStatus.FAILED && !failedInEnterpriseStep()) && !rolledBackByOperator();
    }

    /** Failed in step 9, 10 or 11: QuestDB serves the target version, a setting is left to finish. */
    public boolean failedInEnterpriseStep() {
        return status == HostStatus.FAILED && HostWorkflow.ENTERPRISE.contains(lastStep);
    }

    /**
     * Failed after something on the host changed: the new binaries ran, an Enterprise step began writing its keys, or
     * the rollback after a failed stop or swap failed too (QuestDB may be stopped, or on either binaries).
     */
    public boolean failedAfterChanges() {
        return status == HostStatus.FAILED && (crossedPointOfNoReturn() || failedInEnterpriseStep() || lastStep == Step.ROLLBACK);
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
                swappedNext, startedNext, unreachableNext, failure, finalStatus, finalMessage, path, backupArchive, finishing,
                finalStatus == null ? null : current);
    }
}
