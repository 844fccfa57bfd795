package io.qfleet.agent.questdb;

/**
 * QuestDB's statements that open and end a consistent on-disk copy point (QUESTDB.md section 3).
 * CREATE/RELEASE exist from 8.1; 7.x only has PREPARE/COMPLETE, which later versions keep as
 * aliases. RELEASE and COMPLETE are idempotent: with nothing open they succeed and change nothing.
 */
public enum CheckpointStatement {
    CHECKPOINT_CREATE("CHECKPOINT CREATE"),
    CHECKPOINT_RELEASE("CHECKPOINT RELEASE"),
    SNAPSHOT_PREPARE("SNAPSHOT PREPARE"),
    SNAPSHOT_COMPLETE("SNAPSHOT COMPLETE");

    private final String sql;

    CheckpointStatement(String sql) {
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }
}
