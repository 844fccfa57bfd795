package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.acl.AccessControl;
import io.qfleet.agent.acl.AclSql;
import io.qfleet.agent.acl.EntityName;
import io.qfleet.agent.acl.Grant;
import io.qfleet.agent.acl.Password;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.secrets.PgCredentials;
import io.qfleet.agent.secrets.SecretText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Workflow step 10, second part (see {@code AccessSpec}): the fleet file's optional groups, users
 * and service accounts, created and granted as the agent's current login, which after the admins
 * step is the fleet's first admin; then every user with a password must log in over PG wire.
 * Statements reach logs and events only through {@link AclSql#forLog}; server messages go through
 * {@link Password#redact} for every password of the spec, without the underlying exception.
 */
final class AccessStep implements OperationWork {
    private final AclHost host;
    private final OperationSpec.Access spec;

    AccessStep(AclHost host, OperationSpec.Access spec) {
        this.host = host;
        this.spec = spec;
    }

    /** Names, permissions and passwords checked before the spec is stored: a bad one fails before anything changes. */
    static AccessControl validate(OperationSpec.Access spec) {
        List<AccessControl.Group> groups = new ArrayList<>();
        for (int i = 0; i < spec.groups().size(); i++) {
            OperationSpec.AccessGroup group = spec.groups().get(i);
            String at = "access.groups[" + i + "]";
            groups.add(new AccessControl.Group(EntityName.of(at + ".name", group.name()), grants(at, group.grants())));
        }
        List<AccessControl.User> users = new ArrayList<>();
        for (int i = 0; i < spec.users().size(); i++) {
            OperationSpec.AccessUser user = spec.users().get(i);
            String at = "access.users[" + i + "]";
            users.add(new AccessControl.User(EntityName.of(at + ".name", user.name()), password(at, user.password()),
                    names(at + ".groups", user.groups()), grants(at, user.grants())));
        }
        List<AccessControl.ServiceAccount> accounts = new ArrayList<>();
        for (int i = 0; i < spec.serviceAccounts().size(); i++) {
            OperationSpec.AccessServiceAccount account = spec.serviceAccounts().get(i);
            String at = "access.service_accounts[" + i + "]";
            EntityName owner = account.ownedBy().isEmpty() ? null : EntityName.of(at + ".owned_by", account.ownedBy());
            accounts.add(new AccessControl.ServiceAccount(EntityName.of(at + ".name", account.name()), password(at, account.password()),
                    owner, grants(at, account.grants()), names(at + ".assumable_by", account.assumableBy())));
        }
        if (groups.isEmpty() && users.isEmpty() && accounts.isEmpty()) {
            throw AgentException.invalidArgument("missing_field", "access: no groups, users or service accounts (expected at least one)");
        }
        return new AccessControl(groups, users, accounts);
    }

    @Override
    public OperationResult run(OperationContext context) {
        AccessControl access = validate(spec);
        List<Password> passwords = access.passwords();
        PgCredentials.Login admin = host.credentials().current();
        context.info("creating groups, users and service accounts as " + admin.user());
        access.apply(new AccessControl.Server() {
            @Override
            public void run(String statement) {
                context.info("running " + AclSql.forLog(statement));
                redacted(statement, passwords, () -> host.run(statement));
            }

            @Override
            public Set<String> groupsOf(EntityName user) {
                String show = AclSql.showGroups(user);
                Set<String> groups = new HashSet<>();
                redacted(show, passwords, () -> groups.addAll(host.firstColumn(show)));
                return groups;
            }
        }, line -> context.info(line + ": done"));
        List<String> loggedIn = new ArrayList<>();
        for (int i = 0; i < access.users().size(); i++) {
            AccessControl.User user = access.users().get(i);
            if (user.password() == null) {
                continue;
            }
            if (!host.logsIn(new PgCredentials.Login(user.name().value(), spec.users().get(i).password().reveal()))) {
                throw AgentException.failedPrecondition("access_login_failed", "user " + user.name() + " was created but cannot log in"
                        + " over PG wire with its password (does it hold PGWIRE, directly or through a group?)");
            }
            context.info("user " + user.name() + " logs in");
            loggedIn.add(user.name().value());
        }
        return new OperationResult.AccessDone(names(access.groups().stream().map(AccessControl.Group::name).toList()),
                names(access.users().stream().map(AccessControl.User::name).toList()),
                names(access.serviceAccounts().stream().map(AccessControl.ServiceAccount::name).toList()), loggedIn);
    }

    private static void redacted(String statement, List<Password> passwords, Runnable call) {
        try {
            call.run();
        } catch (AgentException e) {
            String message = e.getMessage();
            for (Password password : passwords) {
                message = password.redact(message);
            }
            throw new AgentException(e.kind(), "acl_statement_failed", AclSql.forLog(statement) + " failed: " + message,
                    e.retryable(), null);
        }
    }

    private static List<Grant> grants(String at, List<OperationSpec.AccessGrant> grants) {
        List<Grant> checked = new ArrayList<>();
        for (int i = 0; i < grants.size(); i++) {
            OperationSpec.AccessGrant grant = grants.get(i);
            checked.add(Grant.of(at + ".grants[" + i + "]", grant.permissions(), grant.tables(), grant.allTables()));
        }
        return checked;
    }

    private static List<EntityName> names(String field, List<String> values) {
        List<EntityName> names = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            names.add(EntityName.of(field + "[" + i + "]", values.get(i)));
        }
        return names;
    }

    private static Password password(String at, SecretText password) {
        return password == null ? null : Password.of(at + ".password", password.reveal());
    }

    private static List<String> names(List<EntityName> names) {
        return names.stream().map(EntityName::value).toList();
    }
}
