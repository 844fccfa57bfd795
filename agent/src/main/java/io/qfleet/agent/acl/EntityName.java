package io.qfleet.agent.acl;

/**
 * The name of a QuestDB Enterprise user, group or service account, checked by {@link NameRule}:
 * 1 to {@value #MAX_LENGTH} characters (QuestDB's default {@code acl.entity.name.max.length}; a
 * server configured lower rejects longer names itself). QuestDB keeps users, groups and service
 * accounts in one namespace, so one type serves all three. Equal when the strings are equal.
 */
public final class EntityName {
    public static final int MAX_LENGTH = 255;

    private final String value;

    private EntityName(String value) {
        this.value = value;
    }

    /**
     * {@code value} as a name, or {@code acl_bad_name} (INVALID_ARGUMENT) whose one-line message
     * starts with {@code field}, e.g. {@code "admin_user: U+003B SEMICOLON at index 1 (expected: ...)"}.
     */
    public static EntityName of(String field, String value) {
        return new EntityName(NameRule.check(field, value, MAX_LENGTH));
    }

    public String value() {
        return value;
    }

    /** The name as a double-quoted SQL identifier: {@code "alice"}. */
    public String sql() {
        return NameRule.quote(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityName other && value.equals(other.value);
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
