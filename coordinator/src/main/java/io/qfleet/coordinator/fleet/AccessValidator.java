package io.qfleet.coordinator.fleet;

import io.qfleet.coordinator.fleet.FleetDocument.AccessDocument;
import io.qfleet.coordinator.fleet.FleetDocument.GrantDocument;
import io.qfleet.coordinator.fleet.FleetDocument.GroupDocument;
import io.qfleet.coordinator.fleet.FleetDocument.ServiceAccountDocument;
import io.qfleet.coordinator.fleet.FleetDocument.UserDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the fleet file's {@code access} section: names (one namespace with the admins), grants,
 * references between entities, and passwords only from references. The agent checks names,
 * permissions and passwords again before it stores the operation.
 */
final class AccessValidator {
    /**
     * The permissions qfleet grants and whether each is a database-level one (no tables): the
     * agent's {@code acl.Permission}, repeated here so {@code qfleet validate} refuses a typo before
     * a run. {@code ALL} fits both levels.
     */
    private static final Map<String, Boolean> DATABASE_LEVEL = new LinkedHashMap<>();

    static {
        for (String p : List.of("HTTP", "PGWIRE", "ILP", "CREATE TABLE", "SNAPSHOT")) {
            DATABASE_LEVEL.put(p, true);
        }
        for (String p : List.of("SELECT", "INSERT", "UPDATE", "DROP TABLE", "ADD COLUMN")) {
            DATABASE_LEVEL.put(p, false);
        }
    }

    private final Problems problems;
    private final AccountChecks checks;
    /** Every name taken so far, to what it is ("admin", "group", ...). */
    private final Map<String, String> taken = new HashMap<>();

    AccessValidator(Problems problems) {
        this.problems = problems;
        this.checks = new AccountChecks(problems);
    }

    /** Null without an {@code access} key. */
    AccessSettings access(AccessDocument document, KeyPath path, List<EnterpriseSettings.Admin> admins) {
        if (document == null) {
            return null;
        }
        if (admins.isEmpty()) {
            throw problems.at(path, "needs admins (the fleet's first admin creates these accounts once the built-in admin is"
                    + " disabled; add an admins section)");
        }
        admins.forEach(a -> taken.put(a.name(), "admin"));
        List<AccessSettings.Group> groups = groups(list(document.groups()), path.key("groups"));
        List<AccessSettings.User> users = users(list(document.users()), path.key("users"), groups);
        List<AccessSettings.ServiceAccount> accounts = serviceAccounts(list(document.serviceAccounts()), path.key("service_accounts"));
        if (groups.isEmpty() && users.isEmpty() && accounts.isEmpty()) {
            throw problems.at(path, "no groups, users or service_accounts (expected at least one, or no access key)");
        }
        return new AccessSettings(groups, users, accounts);
    }

    private List<AccessSettings.Group> groups(List<GroupDocument> documents, KeyPath path) {
        List<AccessSettings.Group> groups = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            KeyPath at = path.index(i);
            GroupDocument group = require(documents.get(i), at, "name, grants");
            groups.add(new AccessSettings.Group(claim(at.key("name"), group.name(), "group"), grants(group.grants(), at.key("grants"))));
        }
        return groups;
    }

    private List<AccessSettings.User> users(List<UserDocument> documents, KeyPath path, List<AccessSettings.Group> groups) {
        List<AccessSettings.User> users = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            KeyPath at = path.index(i);
            UserDocument user = require(documents.get(i), at, "name, password, groups, grants");
            String name = claim(at.key("name"), user.name(), "user");
            String password = user.password() == null ? "" : checks.password(at.key("password"), user.password());
            List<String> memberOf = references(list(user.groups()), at.key("groups"), Set.of("group"));
            List<AccessSettings.Grant> grants = grants(user.grants(), at.key("grants"));
            if (!password.isEmpty() && !canConnect(grants, memberOf, groups)) {
                throw problems.at(at.key("password"), "user '" + name + "' has a password, which qfleet proves by a PG wire login:"
                        + " grant it PGWIRE (directly or through one of its groups), or leave the password out");
            }
            users.add(new AccessSettings.User(name, password, memberOf, grants));
        }
        return users;
    }

    private List<AccessSettings.ServiceAccount> serviceAccounts(List<ServiceAccountDocument> documents, KeyPath path) {
        List<AccessSettings.ServiceAccount> accounts = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            KeyPath at = path.index(i);
            ServiceAccountDocument account = require(documents.get(i), at, "name, password, owned_by, grants, assumable_by");
            String name = claim(at.key("name"), account.name(), "service account");
            String password = account.password() == null ? "" : checks.password(at.key("password"), account.password());
            String owner = account.ownedBy() == null || account.ownedBy().isBlank() ? ""
                    : reference(at.key("owned_by"), account.ownedBy(), Set.of("admin", "user", "group"));
            accounts.add(new AccessSettings.ServiceAccount(name, password, owner, grants(account.grants(), at.key("grants")),
                    references(list(account.assumableBy()), at.key("assumable_by"), Set.of("admin", "user", "group"))));
        }
        return accounts;
    }

    private List<AccessSettings.Grant> grants(List<GrantDocument> documents, KeyPath path) {
        List<AccessSettings.Grant> grants = new ArrayList<>();
        for (int i = 0; i < list(documents).size(); i++) {
            KeyPath at = path.index(i);
            GrantDocument grant = require(documents.get(i), at, "permissions, tables, all_tables");
            boolean allTables = Boolean.TRUE.equals(grant.allTables());
            List<String> tables = new ArrayList<>();
            for (int t = 0; t < list(grant.tables()).size(); t++) {
                tables.add(checks.name(at.key("tables").index(t), grant.tables().get(t), "table name"));
            }
            if (allTables && !tables.isEmpty()) {
                throw problems.at(at.key("all_tables"), "tables and all_tables together (expected one of them, or neither for a"
                        + " database-level grant)");
            }
            List<String> permissions = permissions(list(grant.permissions()), at.key("permissions"), allTables || !tables.isEmpty());
            grants.add(new AccessSettings.Grant(permissions, tables, allTables));
        }
        return grants;
    }

    private List<String> permissions(List<String> values, KeyPath path, boolean onTables) {
        if (values.isEmpty()) {
            throw problems.at(path, "no value (expected at least one permission, e.g. [SELECT])");
        }
        List<String> permissions = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            KeyPath at = path.index(i);
            String value = values.get(i) == null ? "" : values.get(i).strip().replaceAll("[ \\t]+", " ").toUpperCase(Locale.ROOT);
            Boolean databaseLevel = DATABASE_LEVEL.get(value);
            if (!value.equals("ALL") && databaseLevel == null) {
                throw problems.at(at, problems.shown(at, values.get(i)) + " is not a permission qfleet grants (expected one of: ALL, "
                        + String.join(", ", DATABASE_LEVEL.keySet()) + ")");
            }
            if (databaseLevel != null && databaseLevel == onTables) {
                throw problems.at(at, value + (onTables ? " is a database permission (expected a grant without tables and all_tables)"
                        : " is a table permission (expected tables: [...] or all_tables: true in its grant)"));
            }
            if (!permissions.contains(value)) {
                permissions.add(value);
            }
        }
        return permissions;
    }

    /** A user with PGWIRE (or database-level ALL), directly or through a group of the file. */
    private static boolean canConnect(List<AccessSettings.Grant> own, List<String> memberOf, List<AccessSettings.Group> groups) {
        List<AccessSettings.Grant> all = new ArrayList<>(own);
        groups.stream().filter(g -> memberOf.contains(g.name())).forEach(g -> all.addAll(g.grants()));
        return all.stream().anyMatch(g -> g.tables().isEmpty() && !g.allTables()
                && (g.permissions().contains("PGWIRE") || g.permissions().contains("ALL")));
    }

    /** A new name at {@code path}, unique among admins, groups, users and service accounts. */
    private String claim(KeyPath path, String value, String what) {
        String name = checks.name(path, value, what + " name");
        String other = taken.putIfAbsent(name, what);
        if (other != null) {
            throw problems.at(path, "'" + name + "' is already " + (other.equals("admin") ? "an admin" : "a " + other)
                    + " (admins, groups, users and service accounts share one namespace)");
        }
        return name;
    }

    /** Names of entities defined earlier in the file, each of one of the {@code kinds}. */
    private List<String> references(List<String> values, KeyPath path, Set<String> kinds) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String name = reference(path.index(i), values.get(i), kinds);
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private String reference(KeyPath at, String value, Set<String> kinds) {
        String name = value == null ? "" : value.strip();
        String kind = taken.get(name);
        if (kind == null || !kinds.contains(kind)) {
            List<String> known = taken.entrySet().stream().filter(e -> kinds.contains(e.getValue())).map(Map.Entry::getKey).sorted().toList();
            throw problems.at(at, "unknown " + String.join(" or ", kinds.stream().sorted().toList()) + " '" + name
                    + "' (expected one defined in the fleet file" + (known.isEmpty() ? "" : ": " + String.join(", ", known)) + ")");
        }
        return name;
    }

    private <T> T require(T document, KeyPath at, String keys) {
        if (document == null) {
            throw problems.at(at, "no value (expected keys: " + keys + ")");
        }
        return document;
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }
}
