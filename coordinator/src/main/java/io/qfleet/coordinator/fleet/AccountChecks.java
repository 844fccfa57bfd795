package io.qfleet.coordinator.fleet;

import java.util.regex.Pattern;

/**
 * The checks every account of the fleet file gets (admins and the {@code access} section): the
 * agent's name rule and password rule (its {@code acl.NameRule} and {@code acl.Password}), applied
 * here too so {@code qfleet validate} refuses a bad name or password before a run.
 */
final class AccountChecks {
    /** Letters, digits, '_', '-', '.', starting with a letter, digit or '_'; 1-255 characters. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{Nd}_][\\p{L}\\p{M}\\p{Nd}_.-]{0,254}");

    private final Problems problems;

    AccountChecks(Problems problems) {
        this.problems = problems;
    }

    /** {@code value} stripped, if it is a valid name; {@code what}: "user name", "group name", ... */
    String name(KeyPath path, String value, String what) {
        String name = value == null ? "" : value.strip();
        if (!NAME.matcher(name).matches() || name.endsWith(".") || name.contains("..")) {
            throw problems.at(path, problems.shown(path, name) + " is not a " + what + " (expected 1-255 letters, digits,"
                    + " '_', '-', '.', starting with a letter, digit or '_', no '..' and no trailing '.')");
        }
        return name;
    }

    /** The password at {@code path}, which must come from a reference and be usable in SQL. */
    String password(KeyPath path, String value) {
        if (!problems.fromReference(path)) {
            // Never echo it: an inline value is the secret itself.
            throw problems.at(path, "a password is never written in the fleet file (use ${env:NAME} or ${file:path})");
        }
        String password = value == null ? "" : value;
        if (password.isEmpty() || password.chars().anyMatch(c -> Character.isISOControl(c) || c == '\\')) {
            throw problems.at(path, problems.shown(path, "") + " is empty or holds a control character or"
                    + " a backslash (QuestDB and the PG driver would read it differently)");
        }
        return password;
    }
}
