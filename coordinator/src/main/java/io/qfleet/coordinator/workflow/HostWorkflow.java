package io.qfleet.coordinator.workflow;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What happens after a step ends on a host: pure, no I/O, tested as a table. Failures before the
 * stop leave the host untouched; a failed stop or swap rolls back: old binaries in place, old
 * version started, gated and verified (the new version never ran). From the first start of the new
 * binaries on (the point of no return) the way back is the backup: a failed start, health gate or
 * verify rolls back from the backup archive (old binaries back, root restored, verified against the
 * inventory). A run without a backup ({@code --skip-backup}) has only the binaries to put back after
 * a failed start or health gate, and nothing after a failed verify, which is reported, never papered over.
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

    /**
     * Enterprise steps 9 to 11: each finishes a setting on a host whose data is migrated and verified;
     * a failed one is retried on its own ({@link HostRun#retry()}), and a host already on the target
     * that lacks one goes through {@link #finishing} instead of being left as it is.
     */
    public static final Set<Step> ENTERPRISE = Set.copyOf(EnumSet.of(Step.TLS, Step.ADMINS, Step.REPLICATION));

    /**
     * The path of a host already running the target version whose server.conf lacks the settings of
     * the Enterprise steps {@code missing}: preflight, the checks those steps need before anything
     * restarts (the TLS material, a primary's object store), then only those steps, in the order of
     * {@code path}. No upload, stage, inventory, backup, stop or swap: the binaries are in place.
     * Empty when nothing is missing.
     */
    public static List<Step> finishing(List<Step> path, Set<Step> missing) {
        if (missing.stream().noneMatch(ENTERPRISE::contains)) {
            return List.of();
        }
        return path.stream().filter(step -> step == Step.PREFLIGHT || missing.contains(step)
                || step == Step.TLS_CHECK && missing.contains(Step.TLS)
                || step == Step.REPLICATION_CHECK && missing.contains(Step.REPLICATION)).toList();
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

    /** As {@link #afterStep(List, Step, boolean, boolean)} on {@link #FORWARD}. */
    public static Decision afterStep(Step finished, boolean ok, boolean backedUp) {
        return afterStep(FORWARD, finished, ok, backedUp);
    }

    /**
     * What follows {@code finished} on the forward path {@code path}; {@code backedUp}: the run's
     * backup step left an archive on the host (false with {@code --skip-backup}).
     */
    public static Decision afterStep(List<Step> path, Step finished, boolean ok, boolean backedUp) {
        if (finished == Step.ROLLBACK) {
            return ok ? Decision.finish(HostStatus.ROLLED_BACK, "back on the previous version, data verified")
                    : Decision.finish(HostStatus.FAILED, "rollback failed: the host needs an operator");
        }
        if (finished == Step.ROLLBACK_FROM_BACKUP) {
            return ok ? Decision.finish(HostStatus.ROLLED_BACK, RESTORED)
                    : Decision.finish(HostStatus.FAILED, "rollback from the backup failed: the host needs an operator "
                            + "(the agent's events say how far it got; the archive is still in its backup_dir)");
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
            case STOP, SWAP -> Decision.run(Step.ROLLBACK);
            // The new binaries may have migrated the metadata: only the backup is sure to bring the old version back.
            // Without one, putting the old binaries back is all there is (enough when the new version never served).
            case START, HEALTH_GATE -> Decision.run(backedUp ? Step.ROLLBACK_FROM_BACKUP : Step.ROLLBACK);
            case VERIFY -> backedUp ? Decision.run(Step.ROLLBACK_FROM_BACKUP) : Decision.finish(HostStatus.FAILED,
                    "after the point of no return, and the run has no backup (--skip-backup): QuestDB runs the new version; "
                            + "nothing can undo this host, compare the data with your own backup");
            // The data is migrated and verified; what failed is a setting the operator can finish by hand or by a new run.
            // When QuestDB did not come back on the step's keys, the agent put server.conf back and restarted it on that
            // (server_conf_undone), or says it could not (server_conf_undo_failed): the step's message says which.
            case TLS, ADMINS, REPLICATION -> Decision.finish(HostStatus.FAILED,
                    "after the point of no return: the new version served with its data verified before the " + finished.label()
                            + " step, which did not complete; its message and the agent's events say whether server.conf "
                            + "was put back; fix the cause, then qfleet resume --retry-failed runs it again");
            case ROLLBACK, ROLLBACK_FROM_BACKUP -> throw new IllegalStateException("handled above");
        };
    }

    /** The note of a host rolled back from its backup. */
    static final String RESTORED = "restored from the backup: previous version serving, data verified against the inventory";
}
