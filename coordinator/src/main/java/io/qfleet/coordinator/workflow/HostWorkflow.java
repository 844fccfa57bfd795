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
        if (finished == Step.ROLLBACK) {
            return ok ? Decision.finish(HostStatus.ROLLED_BACK, "back on the previous version, data verified")
                    : Decision.finish(HostStatus.FAILED, "rollback failed: the host needs an operator");
        }
        if (ok) {
            int index = FORWARD.indexOf(finished);
            return index == FORWARD.size() - 1
                    ? Decision.finish(HostStatus.MIGRATED, "")
                    : Decision.run(FORWARD.get(index + 1));
        }
        return switch (finished) {
            case PREFLIGHT, UPLOAD, STAGE, INVENTORY, BACKUP -> Decision.finish(HostStatus.FAILED, "host unchanged");
            // A failed stop may have stopped QuestDB all the same: make sure the old version serves again.
            case STOP, SWAP, START, HEALTH_GATE -> Decision.run(Step.ROLLBACK);
            case VERIFY -> Decision.finish(HostStatus.FAILED,
                    "after the point of no return: QuestDB runs the new version; compare the data and restore from a backup if needed");
            case ROLLBACK -> throw new IllegalStateException("handled above");
        };
    }
}
