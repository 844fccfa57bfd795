package io.qfleet.agent.acl;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Statements for QuestDB Enterprise users, groups, service accounts and grants (QUESTDB.md
 * section 7). Each builder returns the statements to run in order, one statement per string,
 * without a trailing {@code ;}. Every builder is safe to re-run: creates use {@code IF NOT EXISTS}
 * and grants of an already held permission change nothing, except that a grant <em>without</em>
 * the grant option over one held <em>with</em> it clears the option (docs {@code grant.md}).
 *
 * <p>Every {@code GRANT} ends in {@code WITH VERIFICATION}: without it a grant to a missing user,
 * group, service account or table succeeds silently, so a typo would leave nobody with access.
 *
 * <p>The strings hold passwords in clear: run them, never log them. Logs, the journal and events
 * get {@link #forLog(String)}.
 */
public final class AclSql {
    private static final String ON_TABLES = "table or column permissions or ALL; database permissions need a grant without ON";
    private static final String ON_DATABASE = "database permissions or ALL; table and column permissions need ON ALL TABLES or ON t";
    private static final Set<Permission> ENDPOINTS = EnumSet.of(Permission.HTTP, Permission.PGWIRE, Permission.ILP);

    private AclSql() {
    }

    /**
     * {@code CREATE USER IF NOT EXISTS "u" WITH PASSWORD '...'}, then {@code ALTER USER "u" WITH
     * PASSWORD '...'}.
     */
    public static List<String> createUser(EntityName user, Password password) {
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        // IF NOT EXISTS leaves an existing user's password as it was, even when the one given differs
        // (docs create-user.md): a user left by an earlier, interrupted run or created by hand would keep
        // its old password. ALTER sets it on every run; the CREATE carries it too so the user is never
        // password-less should the ALTER fail.
        return List.of(
                "CREATE USER IF NOT EXISTS " + user.sql() + " WITH PASSWORD " + password.sqlLiteral(),
                "ALTER USER " + user.sql() + " WITH PASSWORD " + password.sqlLiteral());
    }

    /**
     * {@code GRANT ALL TO "u" WITH GRANT OPTION WITH VERIFICATION}: the docs' replacement for the
     * built-in admin. {@code ALL} presumably includes the endpoint permissions (the docs' bootstrap
     * disables the built-in admin right after it; unverified), so do not follow it with
     * {@link #grantEndpoints}, which would clear their grant option.
     */
    public static List<String> grantAdmin(EntityName entity) {
        requireNonNull(entity, "entity");
        return List.of("GRANT ALL TO " + entity.sql() + " WITH GRANT OPTION WITH VERIFICATION");
    }

    /** {@code GRANT HTTP, PGWIRE, ILP TO "u" WITH VERIFICATION}: under ACL nobody connects without them. */
    public static List<String> grantEndpoints(EntityName entity) {
        return grant(ENDPOINTS, entity);
    }

    /** {@code CREATE GROUP IF NOT EXISTS "g"}. */
    public static List<String> createGroup(EntityName group) {
        requireNonNull(group, "group");
        return List.of("CREATE GROUP IF NOT EXISTS " + group.sql());
    }

    /**
     * {@code ADD USER "u" TO "g1", "g2"}. Whether adding a member twice is an error is not documented,
     * so callers pass only the groups {@code SHOW GROUPS "u"} does not list yet.
     */
    public static List<String> addUserToGroups(EntityName user, List<EntityName> groups) {
        requireNonNull(user, "user");
        requireNonNull(groups, "groups");
        if (groups.isEmpty()) {
            throw AgentException.invalidArgument(NameRule.REASON, "groups: empty (expected: at least one group)");
        }
        return List.of("ADD USER " + user.sql() + " TO " + groups.stream().distinct().map(EntityName::sql).collect(Collectors.joining(", ")));
    }

    /** {@code SHOW GROUPS "u"}: the groups {@code u} belongs to, one per row in column {@code name}. */
    public static String showGroups(EntityName user) {
        requireNonNull(user, "user");
        return "SHOW GROUPS " + user.sql();
    }

    /** {@code CREATE USER IF NOT EXISTS "u"}: a user without a password (it cannot log in with one). */
    public static List<String> createUser(EntityName user) {
        requireNonNull(user, "user");
        return List.of("CREATE USER IF NOT EXISTS " + user.sql());
    }

    /**
     * {@code CREATE SERVICE ACCOUNT IF NOT EXISTS "sa"}, with {@code OWNED BY "o"} when {@code owner}
     * is not null (a user or group that then manages it; otherwise the creating admin does). The
     * password is set apart, {@link #serviceAccountPassword}: the RBAC guide's {@code CREATE SERVICE
     * ACCOUNT sa WITH PASSWORD ...} is not in the reference grammar ({@code create-service-account.md}),
     * and a separate ALTER also sets it again on a re-run.
     */
    public static List<String> createServiceAccount(EntityName account, EntityName owner) {
        requireNonNull(account, "account");
        return List.of("CREATE SERVICE ACCOUNT IF NOT EXISTS " + account.sql() + (owner == null ? "" : " OWNED BY " + owner.sql()));
    }

    /** {@code ALTER SERVICE ACCOUNT "sa" WITH PASSWORD '...'}. */
    public static List<String> serviceAccountPassword(EntityName account, Password password) {
        requireNonNull(account, "account");
        requireNonNull(password, "password");
        return List.of("ALTER SERVICE ACCOUNT " + account.sql() + " WITH PASSWORD " + password.sqlLiteral());
    }

    /**
     * {@code GRANT ASSUME SERVICE ACCOUNT "sa" TO "e"}: {@code e} (a user or group) may act as the
     * account. No {@code WITH VERIFICATION}: the reference grammar ({@code grant-assume-service-account.md})
     * has none for this grant.
     */
    public static List<String> grantAssumeServiceAccount(EntityName account, EntityName to) {
        requireNonNull(account, "account");
        requireNonNull(to, "to");
        return List.of("GRANT ASSUME SERVICE ACCOUNT " + account.sql() + " TO " + to.sql());
    }

    /**
     * Database-level {@code GRANT p, ... TO "e" WITH VERIFICATION}; only {@link Permission.Level#DATABASE}
     * permissions and {@code ALL}, else {@code acl_bad_permission}.
     */
    public static List<String> grant(Set<Permission> permissions, EntityName to) {
        requireNonNull(to, "to");
        String list = permissionList("permissions", permissions, false);
        return List.of("GRANT " + list + " TO " + to.sql() + " WITH VERIFICATION");
    }

    /** {@code GRANT p, ... ON ALL TABLES TO "e" WITH VERIFICATION}, for table and column permissions. */
    public static List<String> grantOnAllTables(Set<Permission> permissions, EntityName to) {
        requireNonNull(to, "to");
        String list = permissionList("permissions", permissions, true);
        return List.of("GRANT " + list + " ON ALL TABLES TO " + to.sql() + " WITH VERIFICATION");
    }

    /** {@code GRANT p, ... ON "t1", "t2" TO "e" WITH VERIFICATION}, which also fails if a table is missing. */
    public static List<String> grantOnTables(Set<Permission> permissions, List<TableName> tables, EntityName to) {
        requireNonNull(tables, "tables");
        requireNonNull(to, "to");
        if (tables.isEmpty()) {
            throw AgentException.invalidArgument(NameRule.REASON, "tables: empty (expected: at least one table)");
        }
        String list = permissionList("permissions", permissions, true);
        String on = tables.stream().distinct().map(TableName::sql).collect(Collectors.joining(", "));
        return List.of("GRANT " + list + " ON " + on + " TO " + to.sql() + " WITH VERIFICATION");
    }

    /**
     * {@code statement} with every single-quoted literal (in these statements: the password) replaced
     * by {@code '***'}; double-quoted names are kept. Works from the statement's structure, not by
     * searching for the password, so it needs no password and cannot miss a re-encoded one. An
     * unterminated literal is masked to the end.
     */
    public static String forLog(String statement) {
        requireNonNull(statement, "statement");
        StringBuilder out = new StringBuilder(statement.length());
        char open = 0; // the quote we are inside, or 0
        for (int i = 0; i < statement.length(); i++) {
            char c = statement.charAt(i);
            if (open == 0) {
                out.append(c == '\'' ? "'" + Password.MASK + "'" : String.valueOf(c));
                open = c == '\'' || c == '"' ? c : 0;
            } else if (c == open && i + 1 < statement.length() && statement.charAt(i + 1) == open) {
                i++; // a doubled quote stays inside
                if (open == '"') {
                    out.append("\"\"");
                }
            } else {
                if (open == '"') {
                    out.append(c);
                }
                if (c == open) {
                    open = 0;
                }
            }
        }
        return out.toString();
    }

    /** {@link #forLog(String)} of each statement. */
    public static List<String> forLog(List<String> statements) {
        requireNonNull(statements, "statements");
        return statements.stream().map(AclSql::forLog).toList();
    }

    /**
     * {@code permissions} in enum order as a GRANT lists them, or {@code acl_bad_permission} naming
     * {@code field} when empty or one does not fit the grant's level ({@code onTables}: a grant with ON).
     */
    static String permissionList(String field, Set<Permission> permissions, boolean onTables) {
        requireNonNull(permissions, "permissions");
        if (permissions.isEmpty()) {
            throw AgentException.invalidArgument(Permission.REASON, field + ": empty (expected: at least one)");
        }
        Predicate<Permission> fits = onTables ? Permission::grantableOnTables : Permission::grantableOnDatabase;
        String expected = onTables ? ON_TABLES : ON_DATABASE;
        EnumSet<Permission> sorted = EnumSet.copyOf(permissions);
        for (Permission p : sorted) {
            if (!fits.test(p)) {
                throw AgentException.invalidArgument(Permission.REASON, field + ": " + p.sql() + " is a "
                        + p.level().name().toLowerCase(Locale.ROOT) + " permission (expected: " + expected + ")");
            }
        }
        return sorted.stream().map(Permission::sql).collect(Collectors.joining(", "));
    }
}
