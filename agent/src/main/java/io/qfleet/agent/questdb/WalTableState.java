package io.qfleet.agent.questdb;

import static java.util.Objects.requireNonNull;

/**
 * One row of {@code wal_tables()}. WAL apply is asynchronous: a table is caught up when
 * {@code writerTxn == sequencerTxn} and it is not suspended.
 */
public record WalTableState(String name, boolean suspended, long writerTxn, long sequencerTxn) {
    public WalTableState {
        requireNonNull(name, "name");
    }

    /** All committed transactions are applied and the table accepts more. */
    public boolean caughtUp() {
        return !suspended && writerTxn == sequencerTxn;
    }
}
