package io.qfleet.agent.questdb;

import static java.util.Objects.requireNonNull;

/**
 * One row of {@code tables()} (system tables are hidden there).
 *
 * @param partitionBy {@code NONE}, {@code DAY}, ... as QuestDB prints it
 */
public record TableInfo(String name, boolean wal, String partitionBy) {
    public TableInfo {
        requireNonNull(name, "name");
        requireNonNull(partitionBy, "partitionBy");
    }
}
