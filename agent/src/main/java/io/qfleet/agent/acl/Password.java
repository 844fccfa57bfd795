package io.qfleet.agent.acl;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;

/**
 * A password for {@code CREATE USER}/{@code ALTER ... WITH PASSWORD}. {@link #toString()} is
 * {@code ***}; the value leaves this class only as a SQL literal ({@link #sqlLiteral()}, package
 * private) and there is no {@code equals}, so it cannot end up in a log or a comparison by accident.
 *
 * <p>Accepted: 1 to {@value #MAX_LENGTH} UTF-16 units (QuestDB rejects an empty password; the upper
 * bound is ours, QuestDB documents none) of any Unicode except:
 * <ul>
 *   <li>control characters, NUL included: they would corrupt the PG wire message or a log line;</li>
 *   <li>unpaired surrogates: the UTF-8 encoder would silently send {@code ?} instead;</li>
 *   <li>{@code \}: QuestDB 9.2.2 reports no {@code standard_conforming_strings}, so the PostgreSQL
 *       JDBC driver (42.7.14) reads {@code \'} in a literal as an escaped quote while QuestDB reads a
 *       backslash and a closing quote. The two then disagree on where the literal ends, and the
 *       driver splits the text at a {@code ;} QuestDB would have kept inside it (observed on 9.2.2:
 *       {@code SELECT 'a\'} fails in the driver as an unterminated literal).</li>
 * </ul>
 * Quotes, semicolons, {@code --}, {@code ?}, braces and emoji are fine: doubling {@code '} is all
 * the quoting QuestDB and the driver both need (observed: {@code SELECT 'it''s'} returns {@code it's}).
 */
public final class Password {
    public static final int MAX_LENGTH = 1024;
    static final String REASON = "acl_bad_password";
    static final String MASK = "***";

    private final String value;

    private Password(String value) {
        this.value = value;
    }

    /**
     * {@code value} as a password, or {@code acl_bad_password} (INVALID_ARGUMENT) whose one-line
     * message names {@code field} and what is wrong, never the password or a position in it.
     */
    public static Password of(String field, String value) {
        requireNonNull(field, "field");
        requireNonNull(value, field);
        if (value.isEmpty()) {
            throw bad(field, "empty (expected: 1-" + MAX_LENGTH + " characters; QuestDB rejects an empty password)");
        }
        if (value.length() > MAX_LENGTH) {
            throw bad(field, value.length() + " characters (expected: at most " + MAX_LENGTH + ")");
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (Character.isISOControl(cp)) {
                throw bad(field, "contains control character " + NameRule.describe(cp) + " (expected: none)");
            }
            if (Character.getType(cp) == Character.SURROGATE) {
                throw bad(field, "contains an unpaired UTF-16 surrogate (expected: valid Unicode)");
            }
            if (cp == '\\') {
                throw bad(field, "contains '\\' (expected: none; the PostgreSQL JDBC driver reads it as an escape"
                        + " and QuestDB does not, so they would split the statement differently)");
            }
            i += Character.charCount(cp);
        }
        return new Password(value);
    }

    /** The password as a single-quoted SQL literal, each {@code '} doubled: {@code 'it''s'}. */
    String sqlLiteral() {
        return '\'' + value.replace("'", "''") + '\'';
    }

    /**
     * {@code text} with every occurrence of this password, as typed or as it appears inside its SQL
     * literal, replaced by {@code ***}. For server error messages, which may quote a token of the
     * statement; statements themselves go through {@link AclSql#forLog(String)}.
     */
    public String redact(String text) {
        requireNonNull(text, "text");
        String doubled = value.replace("'", "''");
        return text.replace(doubled, MASK).replace(value, MASK);
    }

    @Override
    public String toString() {
        return MASK;
    }

    private static AgentException bad(String field, String what) {
        return AgentException.invalidArgument(REASON, field + ": " + what);
    }
}
