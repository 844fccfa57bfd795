package io.qfleet.coordinator.workflow;

import java.util.List;

/**
 * What happens after a step ends on a host: pure, no I/O, tested as a table. Failures before the
 * stop leave the host untouched; a failed stop, swap, start or health gate rolls back: old
 * binaries in place, old version started, gated and verified (the new version never served, so
 * the old one can start on the same data); a failed verify
 * comes after the point of no return and is reported, never papered over.
 */
public final class HostWorkflow {
    /** The forward path, in order. */
    public static final List<Step> FORWARD = List.of(Step.PREFLIGHT, Step.UPLOAD, Step.STAGE, Step.INVENTORY,
            Step.BACKUP, Step.STOP, Step.SWAP, Step.START, Step.HEALTH_GATE, Step.VERIFY);

    private HostWorkflow() {}

    /**
     * The forward path of a run: {@link #FORWARD}, with the TLS check right after staging (before
     * anything stops) and the Enterprise steps after verify.
     */
    public static List<Step> forward(boolean tls, boolean admins) {
        return forward(tls, admins, null);
    }

    /**
     * As {@link #forward(boolean, boolean)}, with replication for a host of role {@code replication}
     * (null: no replication section): a primary's store is checked right after preflight, before
     * anything is uploaded; primary and replica end with the replication step.
     */
    public static List<Step> forward(boolean tls, boolean admins, io.qfleet.coordinator.fleet.Role replication) {
        List<Step> path = new java.util.ArrayList<>(FORWARD);
        if (replication == io.qfleet.coordinator.fleet.Role.PRIMARY) {
            path.add(path.indexOf(Step.PREFLIGHT) + 1, Step.REPLICATION_CHECK);
        }
        if (tls) {
            path.add(path.indexOf(Step.STAGE) + 1, Step.TLS_CHECK);
            path.add(Step.TLS);
        }
        if (admins) {
            path.add(Step.ADMINS);
        }
        if (replication == io.qfleet.coordinator.fleet.Role.PRIMARY || replication == io.qfleet.coordinator.fleet.Role.REPLICA) {
            path.add(Step.REPLICATION);
        }
        return List.copyOf(path);
    }

    /** Either run {@code next}, or stop with {@code status}. */
    public record Decision(Step next, HostStatus status, String note) {
        static Decision run(Step step) {
            return new Decision(step, null, "");
        }

        static Decision finish(HostStatus status, String note) {
            return new Decision(null, status, note);
        }

        public boolean finished() {
            return status != null;
        }
    }

    public static Decision afterStep(Step finished, boolean ok) {
        return afterStep(FORWARD, finished, ok);
    }

    /** As {@link #afterStep(Step, boolean)} on the forward path {@code path}. */
    public static Decision afterStep(List<Step> path, Step finished, boolean ok) {
        if (finished == Step.ROLLBACK) {
            return ok ? Decision.finish(HostStatus.ROLLED_BACK, "back on the previous version, data verified")
                    : Decision.finish(HostStatus.FAILED, "rollback failed: the host needs an operator");
        }
        if (ok) {
            int index = path.indexOf(finished);
            return index == path.size() - 1
                    ? Decision.finish(HostStatus.MIGRATED, "")
                    : Decision.run(path.get(index + 1));
        }
        return switch (finished) {
            case PREFLIGHT, REPLICATION_CHECK, UPLOAD, STAGE, TLS_CHECK, INVENTORY, BACKUP -> Decision.finish(HostStatus.FAILED, "host unchanged");
            // A failed stop may have stopped QuestDB all the same: make sure the old version serves again.
            case STOP, SWAP, START, HEALTH_GATE -> Decision.run(Step.ROLLBACK);
            case VERIFY -> Decision.finish(HostStatus.FAILED,
                    "after the point of no return: QuestDB runs the new version; compare the data and restore from a backup if needed");
            // The data is migrated and verified; what failed is a setting the operator can finish by hand or by a new run.
            case TLS, ADMINS, REPLICATION -> Decision.finish(HostStatus.FAILED,
                    "after the point of no return: QuestDB runs the new version with its data verified; the " + finished.label()
                            + " step did not complete (see the agent's events), fix and run again");
            case ROLLBACK -> throw new IllegalStateException("handled above");
        };
    }
}
