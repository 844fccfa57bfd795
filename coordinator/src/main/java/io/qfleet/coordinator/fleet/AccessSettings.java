package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The fleet file's optional {@code access} section: groups, users and service accounts that the
 * fleet's first admin creates on every host once the built-in admin is disabled. Passwords came from
 * secret references; {@code ""} means none, and no {@link #toString()} here shows one.
 */
public record AccessSettings(List<Group> groups, List<User> users, List<ServiceAccount> serviceAccounts) {
    public AccessSettings {
        groups = List.copyOf(groups);
        users = List.copyOf(users);
        serviceAccounts = List.copyOf(serviceAccounts);
    }

    /** Database level when {@code tables} is empty and {@code allTables} false; permissions as SQL writes them. */
    public record Grant(List<String> permissions, List<String> tables, boolean allTables) {
        public Grant {
            permissions = List.copyOf(permissions);
            tables = List.copyOf(tables);
        }

        /** {@code SELECT, INSERT ON trades}: how plans show it. */
        @Override
        public String toString() {
            String list = String.join(", ", permissions);
            return allTables ? list + " ON ALL TABLES" : tables.isEmpty() ? list : list + " ON " + String.join(", ", tables);
        }
    }

    public record Group(String name, List<Grant> grants) {
        public Group {
            requireNonNull(name, "name");
            grants = List.copyOf(grants);
        }
    }

    /** @param password "" = none */
    public record User(String name, String password, List<String> groups, List<Grant> grants) {
        public User {
            requireNonNull(name, "name");
            requireNonNull(password, "password");
            groups = List.copyOf(groups);
            grants = List.copyOf(grants);
        }

        @Override
        public String toString() {
            return "User[" + name + (password.isEmpty() ? "" : ", ***") + ", groups " + groups + ", grants " + grants + "]";
        }
    }

    /** @param password "" = none; @param ownedBy "" = the admin creating it */
    public record ServiceAccount(String name, String password, String ownedBy, List<Grant> grants, List<String> assumableBy) {
        public ServiceAccount {
            requireNonNull(name, "name");
            requireNonNull(password, "password");
            requireNonNull(ownedBy, "ownedBy");
            grants = List.copyOf(grants);
            assumableBy = List.copyOf(assumableBy);
        }

        @Override
        public String toString() {
            return "ServiceAccount[" + name + (password.isEmpty() ? "" : ", ***") + (ownedBy.isEmpty() ? "" : ", owned by " + ownedBy)
                    + ", grants " + grants + ", assumable by " + assumableBy + "]";
        }
    }

    /**
     * One line per entity for the plan, names and grants only, e.g. {@code user alice (groups readers;
     * INSERT ON trades; logs in)}.
     */
    public List<String> describe() {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        groups.forEach(g -> lines.add("group " + g.name() + details(g.grants(), List.of())));
        users.forEach(u -> lines.add("user " + u.name() + details(u.grants(), List.of(
                u.groups().isEmpty() ? "" : "groups " + String.join(", ", u.groups()),
                u.password().isEmpty() ? "" : "password from the fleet file, checked by a PG login"))));
        serviceAccounts.forEach(s -> lines.add("service account " + s.name() + details(s.grants(), List.of(
                s.ownedBy().isEmpty() ? "" : "owned by " + s.ownedBy(),
                s.password().isEmpty() ? "" : "password from the fleet file",
                s.assumableBy().isEmpty() ? "" : "assumable by " + String.join(", ", s.assumableBy())))));
        return List.copyOf(lines);
    }

    private static String details(List<Grant> grants, List<String> extra) {
        List<String> parts = new java.util.ArrayList<>(extra.stream().filter(p -> !p.isEmpty()).toList());
        grants.forEach(g -> parts.add(g.toString()));
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }
}
