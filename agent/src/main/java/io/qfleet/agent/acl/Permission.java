package io.qfleet.agent.acl;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The permissions qfleet grants: a small subset of QuestDB Enterprise's list (docs
 * {@code security/rbac.md} "Permissions reference", {@code query/sql/acl/grant.md}; QUESTDB.md
 * section 7), enough for admin accounts, endpoint access and ordinary readers and writers. Anything
 * else, {@code DATABASE ADMIN} included (it also covers permissions added by later versions), is
 * refused with {@code acl_bad_permission} until someone adds it here with its level from the docs.
 *
 * <p>{@link #level()} is the finest level the docs say the permission can be granted at: a
 * {@link Level#DATABASE} one only without {@code ON}, the others with {@code ON ALL TABLES} or
 * {@code ON t}. {@link #ALL} means "all permissions at the granted level" and fits everywhere.
 */
public enum Permission {
    ALL("ALL", Level.COLUMN),
    /** Endpoint: REST API, Web Console, ILP over HTTP. Needed to connect at all. */
    HTTP("HTTP", Level.DATABASE),
    /** Endpoint: PostgreSQL wire protocol. */
    PGWIRE("PGWIRE", Level.DATABASE),
    /** Endpoint: ILP over TCP (which also needs a JWK token under ACL). */
    ILP("ILP", Level.DATABASE),
    SELECT("SELECT", Level.COLUMN),
    INSERT("INSERT", Level.TABLE),
    UPDATE("UPDATE", Level.COLUMN),
    CREATE_TABLE("CREATE TABLE", Level.DATABASE),
    DROP_TABLE("DROP TABLE", Level.TABLE),
    ADD_COLUMN("ADD COLUMN", Level.TABLE),
    /** Database snapshots; presumably what {@code CHECKPOINT CREATE} needs too (unverified). */
    SNAPSHOT("SNAPSHOT", Level.DATABASE);

    /** The finest level a permission can be granted at; a permission can always be granted at coarser ones. */
    public enum Level { DATABASE, TABLE, COLUMN }

    static final String REASON = "acl_bad_permission";

    private final String sql;
    private final Level level;

    Permission(String sql, Level level) {
        this.sql = sql;
        this.level = level;
    }

    /**
     * The permission spelled {@code text} as in SQL, case and runs of spaces ignored
     * ({@code "create  table"} is {@link #CREATE_TABLE}); otherwise {@code acl_bad_permission}
     * naming {@code field} and listing the accepted ones.
     */
    public static Permission parse(String field, String text) {
        requireNonNull(field, "field");
        requireNonNull(text, field);
        String normal = text.strip().replaceAll("[ \\t]+", " ").toUpperCase(Locale.ROOT);
        for (Permission p : values()) {
            if (p.sql.equals(normal)) {
                return p;
            }
        }
        throw AgentException.invalidArgument(REASON, field + ": '" + NameRule.shown(text) + "' (expected one of: "
                + Arrays.stream(values()).map(Permission::sql).collect(Collectors.joining(", ")) + ")");
    }

    /** As written in a GRANT: {@code CREATE TABLE}. */
    public String sql() {
        return sql;
    }

    public Level level() {
        return level;
    }

    /** Whether a GRANT with {@code ON ALL TABLES} or {@code ON t} may name it. */
    boolean grantableOnTables() {
        return this == ALL || level != Level.DATABASE;
    }

    /** Whether a GRANT without {@code ON} (database level) may name it. */
    boolean grantableOnDatabase() {
        return this == ALL || level == Level.DATABASE;
    }
}
