package io.qfleet.agent.acl;

/**
 * A table name for a table-level grant, checked by {@link NameRule}: 1 to {@value #MAX_LENGTH}
 * characters (QuestDB's default {@code cairo.max.file.name.length}, which bounds table names; from
 * the 9.2.2 server conf template). Narrower than what QuestDB accepts (it allows spaces, for one):
 * a table outside the rule cannot be granted on through qfleet. Equal when the strings are equal.
 */
public final class TableName {
    public static final int MAX_LENGTH = 127;

    private final String value;

    private TableName(String value) {
        this.value = value;
    }

    /** {@code value} as a table name, or {@code acl_bad_name} (INVALID_ARGUMENT) naming {@code field}. */
    public static TableName of(String field, String value) {
        return new TableName(NameRule.check(field, value, MAX_LENGTH));
    }

    public String value() {
        return value;
    }

    /** The name as a double-quoted SQL identifier: {@code "trades"}. */
    public String sql() {
        return NameRule.quote(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableName other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
