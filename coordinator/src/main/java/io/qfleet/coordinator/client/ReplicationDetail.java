package io.qfleet.coordinator.client;

import io.qfleet.proto.agent.v1.ReplicationResult;

/** One line for the journal and the report from a replication operation's result. */
final class ReplicationDetail {
    private ReplicationDetail() {}

    static String of(ReplicationResult result) {
        String nonWal = result.getNonWalTablesCount() == 0 ? "" : "; not replicated (no WAL): "
                + String.join(", ", result.getNonWalTablesList()) + " (ALTER TABLE ... SET TYPE WAL, then restart)";
        if (!result.getStoreState().isEmpty()) {
            return result.getStoreState() + nonWal;
        }
        return result.getRole() + " of its " + result.getStoreKind() + " store, cairo.snapshot.instance.id=" + result.getInstanceId()
                + (result.getPreviousDb().isEmpty() ? "" : "; its own db moved to " + result.getPreviousDb()) + nonWal;
    }
}
