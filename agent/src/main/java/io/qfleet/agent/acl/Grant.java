package io.qfleet.agent.acl;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One grant of the fleet file's {@code access} section: permissions at database level (no tables),
 * on all tables, or on named tables. Checked when made, so a grant that exists can always be
 * rendered: the permissions fit the level ({@link AclSql}'s rule), table names follow {@link NameRule}.
 */
public record Grant(Set<Permission> permissions, List<TableName> tables, boolean allTables) {
    public Grant {
        permissions = Set.copyOf(EnumSet.copyOf(requireNonNull(permissions, "permissions")));
        tables = List.copyOf(requireNonNull(tables, "tables"));
    }

    /**
     * The grant as the wire spells it, or INVALID_ARGUMENT ({@code acl_bad_permission},
     * {@code acl_bad_name}) naming {@code field}, e.g. {@code access.users[0].grants[1].permissions[0]}.
     */
    public static Grant of(String field, List<String> permissions, List<String> tables, boolean allTables) {
        requireNonNull(field, "field");
        if (allTables && !tables.isEmpty()) {
            throw AgentException.invalidArgument(Permission.REASON, field + ": tables and all_tables together (expected one of them,"
                    + " or neither for a database-level grant)");
        }
        EnumSet<Permission> parsed = EnumSet.noneOf(Permission.class);
        for (int i = 0; i < permissions.size(); i++) {
            parsed.add(Permission.parse(field + ".permissions[" + i + "]", permissions.get(i)));
        }
        boolean onTables = allTables || !tables.isEmpty();
        AclSql.permissionList(field + ".permissions", parsed, onTables);
        List<TableName> names = new java.util.ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            names.add(TableName.of(field + ".tables[" + i + "]", tables.get(i)));
        }
        return new Grant(parsed, names, allTables);
    }

    /** The GRANT statement giving this to {@code entity}. */
    public List<String> to(EntityName entity) {
        if (allTables) {
            return AclSql.grantOnAllTables(permissions, entity);
        }
        return tables.isEmpty() ? AclSql.grant(permissions, entity) : AclSql.grantOnTables(permissions, tables, entity);
    }

    /** {@code SELECT, INSERT ON trades, quotes}: for events and results. */
    @Override
    public String toString() {
        String list = EnumSet.copyOf(permissions).stream().map(Permission::sql).collect(Collectors.joining(", "));
        if (allTables) {
            return list + " ON ALL TABLES";
        }
        return tables.isEmpty() ? list : list + " ON " + tables.stream().map(TableName::value).collect(Collectors.joining(", "));
    }
}
