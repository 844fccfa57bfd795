package io.qfleet.agent.acl;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fleet file's optional groups, users and service accounts, checked, and the order in which
 * they are put on a server: groups first (users join them), then users (a service account may be
 * owned by one), then service accounts (assumable by users and groups). Every statement is
 * repeatable: {@code IF NOT EXISTS} creates, passwords set with {@code ALTER}, grants, and group
 * memberships added only where {@code SHOW GROUPS} lacks them.
 *
 * @param groups created first, each with its grants
 * @param users each with an optional password, its groups and grants
 * @param serviceAccounts each with an optional password and owner, grants, and who may assume it
 */
public record AccessControl(List<Group> groups, List<User> users, List<ServiceAccount> serviceAccounts) {
    public AccessControl {
        groups = List.copyOf(groups);
        users = List.copyOf(users);
        serviceAccounts = List.copyOf(serviceAccounts);
        Set<EntityName> names = new HashSet<>();
        groups.forEach(g -> unique(names, g.name()));
        users.forEach(u -> unique(names, u.name()));
        serviceAccounts.forEach(s -> unique(names, s.name()));
    }

    /** A group and its grants. */
    public record Group(EntityName name, List<Grant> grants) {
        public Group {
            requireNonNull(name, "name");
            grants = List.copyOf(grants);
        }
    }

    /** @param password null: the user gets none */
    public record User(EntityName name, Password password, List<EntityName> groups, List<Grant> grants) {
        public User {
            requireNonNull(name, "name");
            groups = List.copyOf(new LinkedHashSet<>(groups));
            grants = List.copyOf(grants);
        }
    }

    /** @param password null: none; @param owner null: owned by the admin creating it */
    public record ServiceAccount(EntityName name, Password password, EntityName owner, List<Grant> grants, List<EntityName> assumableBy) {
        public ServiceAccount {
            requireNonNull(name, "name");
            grants = List.copyOf(grants);
            assumableBy = List.copyOf(new LinkedHashSet<>(assumableBy));
        }
    }

    /** What {@link #apply} needs of a server: run a statement, read a user's groups. */
    public interface Server {
        void run(String statement);

        /** The groups {@code user} belongs to ({@link AclSql#showGroups}). */
        Set<String> groupsOf(EntityName user);
    }

    /** Creates and grants everything on {@code server}, in order; {@code progress} hears one line per entity. */
    public void apply(Server server, Consumer<String> progress) {
        for (Group group : groups) {
            run(server, AclSql.createGroup(group.name()));
            group.grants().forEach(grant -> run(server, grant.to(group.name())));
            progress.accept("group " + group.name() + describe(group.grants()));
        }
        for (User user : users) {
            run(server, user.password() == null ? AclSql.createUser(user.name()) : AclSql.createUser(user.name(), user.password()));
            if (!user.groups().isEmpty()) {
                Set<String> current = server.groupsOf(user.name());
                List<EntityName> missing = user.groups().stream().filter(g -> !current.contains(g.value())).toList();
                if (!missing.isEmpty()) {
                    run(server, AclSql.addUserToGroups(user.name(), missing));
                }
            }
            user.grants().forEach(grant -> run(server, grant.to(user.name())));
            progress.accept("user " + user.name() + (user.groups().isEmpty() ? "" : " in " + user.groups()) + describe(user.grants()));
        }
        for (ServiceAccount account : serviceAccounts) {
            run(server, AclSql.createServiceAccount(account.name(), account.owner()));
            if (account.password() != null) {
                run(server, AclSql.serviceAccountPassword(account.name(), account.password()));
            }
            account.grants().forEach(grant -> run(server, grant.to(account.name())));
            account.assumableBy().forEach(to -> run(server, AclSql.grantAssumeServiceAccount(account.name(), to)));
            progress.accept("service account " + account.name() + (account.owner() == null ? "" : " owned by " + account.owner())
                    + describe(account.grants()) + (account.assumableBy().isEmpty() ? "" : "; assumable by " + account.assumableBy()));
        }
    }

    /** Every password here, for redacting server messages. */
    public List<Password> passwords() {
        List<Password> all = new ArrayList<>();
        users.stream().map(User::password).filter(p -> p != null).forEach(all::add);
        serviceAccounts.stream().map(ServiceAccount::password).filter(p -> p != null).forEach(all::add);
        return all;
    }

    private static void run(Server server, List<String> statements) {
        statements.forEach(server::run);
    }

    private static String describe(List<Grant> grants) {
        return grants.isEmpty() ? "" : ": " + String.join("; ", grants.stream().map(Grant::toString).toList());
    }

    private static void unique(Set<EntityName> names, EntityName name) {
        if (!names.add(name)) {
            throw AgentException.invalidArgument(NameRule.REASON, "access: '" + name + "' is named twice (users, groups and"
                    + " service accounts share one namespace)");
        }
    }
}
