package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.progress.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Drives one host through the workflow: runs each step as an agent operation, reports it, and
 * lets {@link HostWorkflow} decide what comes next. All I/O of a host's run happens here.
 */
final class HostMigration {
    /** Slack on top of an operation's own timeout, for the agent's bookkeeping and the network. */
    private static final Duration SLACK = Duration.ofSeconds(60);
    private static final Duration SHORT_STEP = Duration.ofMinutes(10);

    private final RunSpec spec;
    private final HostEntry host;
    private final AgentClient agent;
    private final ProgressListener listener;
    private final Clock clock;

    private String versionBefore = "";
    private String versionAfter = "";
    private Long rowsBefore;
    private Long rowsAfter;
    private boolean swapped;
    private boolean started;
    private boolean unreachable;
    private boolean alreadyOnTarget;

    HostMigration(RunSpec spec, HostEntry host, AgentClient agent, ProgressListener listener, Clock clock) {
        this.spec = spec;
        this.host = host;
        this.agent = agent;
        this.listener = listener;
        this.clock = clock;
    }

    boolean crossedPointOfNoReturn() {
        return started;
    }

    boolean unreachable() {
        return unreachable;
    }

    HostSummary run() {
        Step step = Step.PREFLIGHT;
        String firstFailure = null;
        while (true) {
            String failure = runStep(step);
            if (failure != null && firstFailure == null) {
                firstFailure = step.label() + " failed: " + failure;
            }
            HostWorkflow.Decision decision = alreadyOnTarget
                    ? HostWorkflow.Decision.finish(HostStatus.MIGRATED, "already on " + versionBefore + ", nothing to do")
                    : HostWorkflow.afterStep(step, failure == null);
            if (decision.finished()) {
                String message = firstFailure == null ? decision.note() : firstFailure + " (" + decision.note() + ")";
                return new HostSummary(host.name(), decision.status(), versionBefore, versionAfter, rowsBefore, rowsAfter,
                        message);
            }
            step = decision.next();
        }
    }

    /** Runs one step with its start and end reported; returns null on success, else the failure line. */
    private String runStep(Step step) {
        Instant begin = clock.instant();
        listener.stepStarted(host.name(), step);
        String failure = null;
        String detail;
        try {
            detail = execute(step);
        } catch (StepFailure | AgentCallException e) {
            failure = e.getMessage();
            detail = failure;
            unreachable |= e instanceof AgentCallException call && call.unreachable();
        }
        if (step == Step.START) {
            started = true; // even a failed start may have run the new binaries on the data
        }
        listener.stepFinished(host.name(), step, failure == null, detail, Duration.between(begin, clock.instant()));
        return failure;
    }

    private String execute(Step step) {
        return switch (step) {
            case PREFLIGHT -> preflight();
            case UPLOAD -> {
                agent.upload(spec.distribution(), spec.sha256(), (m, done, total, unit) ->
                        listener.stepProgress(host.name(), Step.UPLOAD, m, done, total, unit));
                yield "distribution on the agent";
            }
            case STAGE -> operation(step, "stage", new StepRequest.Stage(spec.sha256(), spec.targetVersion()), SHORT_STEP).detail();
            case INVENTORY -> {
                OperationOutcome outcome = operation(step, "inventory",
                        new StepRequest.Inventory(spec.walApplyTimeoutSeconds()), seconds(spec.walApplyTimeoutSeconds()));
                rowsBefore = outcome.totalRows();
                yield outcome.detail();
            }
            case STOP -> operation(step, "stop", new StepRequest.Stop(spec.stopTimeoutSeconds()),
                    seconds(spec.stopTimeoutSeconds())).detail();
            case SWAP -> {
                String detail = operation(step, "swap", new StepRequest.Swap(id("stage")), SHORT_STEP).detail();
                swapped = true;
                yield detail;
            }
            case START -> operation(step, "start", new StepRequest.Start(), SHORT_STEP).detail();
            case HEALTH_GATE -> {
                OperationOutcome outcome = operation(step, "health-gate",
                        new StepRequest.HealthGate(spec.targetVersion(), spec.healthGateTimeoutSeconds()),
                        seconds(spec.healthGateTimeoutSeconds()));
                versionAfter = outcome.questdbVersion();
                yield outcome.detail();
            }
            case VERIFY -> verify(step, "verify");
            case ROLLBACK -> rollback();
        };
    }

    private String preflight() {
        AgentFacts facts = agent.facts();
        versionBefore = facts.questdbVersion();
        if (!facts.problems().isEmpty()) {
            throw new StepFailure(String.join("; ", facts.problems()));
        }
        if (!facts.questdbRunning()) {
            throw new StepFailure("QuestDB is not running; qfleet upgrades a running server (start it, then run again)");
        }
        if (versionBefore.isEmpty()) {
            throw new StepFailure("cannot read the running QuestDB version (SELECT build())");
        }
        if (versionBefore.equals(spec.targetVersion())) {
            versionAfter = versionBefore;
            alreadyOnTarget = true;
            return "already on " + versionBefore;
        }
        if (!facts.walTablesHealthy()) {
            throw new StepFailure("WAL tables not healthy (suspended: " + String.join(", ", facts.suspendedTables())
                    + "); resume them with ALTER TABLE ... RESUME WAL first");
        }
        long needed = 3 * size();
        if (facts.diskFreeBytes() < needed) {
            throw new StepFailure("not enough free disk for staging: " + facts.diskFreeBytes() + " bytes free, "
                    + needed + " needed (3x the distribution)");
        }
        return "QuestDB " + versionBefore + " (" + facts.edition() + ") running, pid " + facts.questdbPid();
    }

    private String verify(Step step, String name) {
        OperationOutcome outcome = operation(step, name,
                new StepRequest.Verify(id("inventory"), spec.walApplyTimeoutSeconds()), seconds(spec.walApplyTimeoutSeconds()));
        rowsAfter = outcome.totalRows();
        return outcome.detail();
    }

    /** Old binaries back (if they were moved), old version started, gated and verified against the inventory. */
    private String rollback() {
        if (swapped) {
            operation(Step.ROLLBACK, "rollback-revert", new StepRequest.RevertSwap(id("swap"), spec.stopTimeoutSeconds()), seconds(spec.stopTimeoutSeconds()));
            swapped = false;
        }
        operation(Step.ROLLBACK, "rollback-start", new StepRequest.Start(), SHORT_STEP);
        OperationOutcome healthy = operation(Step.ROLLBACK, "rollback-health-gate",
                new StepRequest.HealthGate(versionBefore, spec.healthGateTimeoutSeconds()), seconds(spec.healthGateTimeoutSeconds()));
        versionAfter = healthy.questdbVersion();
        return verify(Step.ROLLBACK, "rollback-verify");
    }

    private OperationOutcome operation(Step step, String name, StepRequest request, Duration timeout) {
        OperationOutcome outcome = agent.run(id(name), request,
                (m, done, total, unit) -> listener.stepProgress(host.name(), step, m, done, total, unit), timeout);
        if (!outcome.succeeded()) {
            throw new StepFailure(outcome.failureMessage().isEmpty() ? outcome.failureReason() : outcome.failureMessage());
        }
        return outcome;
    }

    private String id(String name) {
        return spec.operationId(host.name(), name);
    }

    private static Duration seconds(int seconds) {
        return Duration.ofSeconds(seconds).plus(SLACK);
    }

    private long size() {
        try {
            return Files.size(spec.distribution());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A step that ended without success; the message is one line for the operator. */
    static final class StepFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailure(String message) {
            super(message);
        }
    }
}
