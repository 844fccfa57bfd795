package io.qfleet.agent.acl;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;

/**
 * The one character rule for the names this package puts in SQL: user, group, service account and
 * table names.
 *
 * <p>QuestDB documents only a length limit for entity names ({@code acl.entity.name.max.length},
 * default 255) and its table-name rule lives in OSS code; Enterprise's entity-name check is not
 * public. So the rule is ours and deliberately narrow: letters of any script (with combining marks
 * after the first character, which scripts such as Devanagari need), digits, {@code _}, {@code -}
 * and {@code .}; the first character a letter, digit or {@code _}; no trailing {@code .} and no
 * {@code ..} (QuestDB refuses both in table names). Quotes, semicolons, backslashes, whitespace,
 * control and format characters, emoji and unpaired surrogates are refused, so a name is safe even
 * before it is quoted. Length is counted in UTF-16 units, like Java's and QuestDB's
 * {@code CharSequence} lengths: a conservative count for letters outside the BMP.
 */
final class NameRule {
    static final String REASON = "acl_bad_name";
    private static final String EXPECTED = "letters, digits, '_', '-', '.'; starting with a letter, digit or '_'";

    private NameRule() {
    }

    /** {@code value} if it follows the rule; otherwise {@code acl_bad_name} naming {@code field}, never the whole value. */
    static String check(String field, String value, int maxLength) {
        requireNonNull(field, "field");
        requireNonNull(value, field);
        if (value.isEmpty()) {
            throw bad(field, "empty (expected: 1-" + maxLength + " characters)");
        }
        if (value.length() > maxLength) {
            throw bad(field, value.length() + " characters (expected: at most " + maxLength + ")");
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (!allowed(cp, i == 0)) {
                throw bad(field, describe(cp) + " at index " + i + " (expected: " + EXPECTED + ")");
            }
            i += Character.charCount(cp);
        }
        if (value.endsWith(".") || value.contains("..")) {
            throw bad(field, "'.' at the end or twice in a row (expected: " + EXPECTED + ")");
        }
        return value;
    }

    /** Double-quoted SQL identifier; an embedded {@code "} is doubled, although {@link #check} never lets one in. */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code U+003B SEMICOLON}: names a character without printing it, so a message stays one safe line. */
    static String describe(int cp) {
        String name = Character.getName(cp);
        return String.format("U+%04X", cp) + (name == null ? "" : " " + name);
    }

    /** At most 40 characters of {@code text} with anything outside printable ASCII as {@code \}{@code uXXXX}. */
    static String shown(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 40; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                String hex = Integer.toHexString(c);
                out.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
            }
        }
        return text.length() > 40 ? out + "..." : out.toString();
    }

    private static boolean allowed(int cp, boolean first) {
        if (Character.isLetter(cp) || Character.isDigit(cp) || cp == '_') {
            return true;
        }
        if (first) {
            return false;
        }
        int type = Character.getType(cp);
        return cp == '-' || cp == '.' || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static AgentException bad(String field, String what) {
        return AgentException.invalidArgument(REASON, field + ": " + what);
    }
}
