package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.operation.OperationResult.TableCount;

/**
 * One table as the backup holds it.
 *
 * <p>Rows are counted three ways because SQL cannot see "the rows of the checkpoint" while clients
 * keep writing: {@code rowsBefore} is {@code count()} after WAL apply caught up, just before
 * CHECKPOINT CREATE; {@code rowsAfter} is {@code count()} just after it; {@code rows} is read from
 * the table's {@code _txn} copy in the checkpoint (fixed + transient row count), which is exactly
 * what QuestDB's {@code _restore} recovery rolls the table back to. When that copy cannot be read
 * ({@code rowsExact} false), {@code rows} is {@code rowsBefore} and a restore accepts any count
 * between the two bounds.
 *
 * @param directory the table's directory under the db root, as {@code tables()} names it
 */
public record ManifestTable(String name, boolean wal, String directory, long rows, boolean rowsExact,
        long rowsBefore, long rowsAfter) {
    public ManifestTable {
        requireNonNull(name, "name");
        requireNonNull(directory, "directory");
    }

    public TableCount count() {
        return new TableCount(name, wal, rows);
    }

    /** Whether {@code restoredRows} is what a restore of this table must bring back. */
    public boolean accepts(long restoredRows) {
        return rowsExact ? restoredRows == rows : restoredRows >= rowsBefore && restoredRows <= rowsAfter;
    }
}
