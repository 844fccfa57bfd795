package io.qfleet.coordinator.report;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.workflow.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one host went through. Versions are empty and rows null when unknown; they come from the
 * host's {@code host_finished} entry, else from what its steps read. {@code wave} counts from 1,
 * 0 when the host was in no wave. {@code pointOfNoReturn} is when its first start step began,
 * null if it never got there; {@code downtime} is null if the host was never stopped.
 */
public record HostReport(
        String name,
        int wave,
        HostState state,
        String versionBefore,
        String versionAfter,
        Long rowsBefore,
        Long rowsAfter,
        String message,
        boolean afterPointOfNoReturn,
        boolean unreachable,
        Instant pointOfNoReturn,
        Downtime downtime,
        List<StepAttempt> steps) {

    /** The steps whose result is a check an operator reads, in this order. */
    public static final List<Step> CHECK_STEPS = List.of(Step.PREFLIGHT, Step.INVENTORY, Step.HEALTH_GATE, Step.VERIFY);

    public HostReport {
        requireNonNull(name, "name");
        requireNonNull(state, "state");
        versionBefore = versionBefore == null ? "" : versionBefore;
        versionAfter = versionAfter == null ? "" : versionAfter;
        message = message == null ? "" : message;
        steps = List.copyOf(steps);
    }

    /** The last attempt of each of {@link #CHECK_STEPS} that ran. */
    public List<StepAttempt> checks() {
        List<StepAttempt> checks = new ArrayList<>();
        for (Step step : CHECK_STEPS) {
            StepAttempt last = lastAttempt(step);
            if (last != null) {
                checks.add(last);
            }
        }
        return checks;
    }

    /**
     * The attempt that explains a problem: the last failed step other than rollback (what caused
     * it), else the last failed or unfinished attempt; null when there is none.
     */
    public StepAttempt cause() {
        StepAttempt cause = null;
        StepAttempt fallback = null;
        for (StepAttempt attempt : steps) {
            if (attempt.result() == StepResult.FAILED && !attempt.step().rollback()) {
                cause = attempt;
            }
            if (attempt.result() != StepResult.OK) {
                fallback = attempt;
            }
        }
        return cause != null ? cause : fallback;
    }

    /** The last attempt of {@code step}, or null. */
    public StepAttempt lastAttempt(Step step) {
        StepAttempt last = null;
        for (StepAttempt attempt : steps) {
            if (attempt.step() == step) {
                last = attempt;
            }
        }
        return last;
    }
}
