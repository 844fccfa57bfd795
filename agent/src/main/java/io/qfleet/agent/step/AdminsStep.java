package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.acl.AclSql;
import io.qfleet.agent.acl.EntityName;
import io.qfleet.agent.acl.Password;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.secrets.PgCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Workflow step 10 (see {@code AdminsSpec}): the built-in admin's password overridden, the
 * operator's admin accounts created and proven to log in, the built-in admin disabled and proven
 * refused. The agent's own credentials follow each change. Statements reach logs and events only
 * through {@link AclSql#forLog}; server messages go through {@link Password#redact}, without the
 * underlying exception (whose text could quote the statement).
 */
final class AdminsStep implements OperationWork {
    private final AclHost host;
    private final OperationSpec.Admins spec;

    AdminsStep(AclHost host, OperationSpec.Admins spec) {
        this.host = host;
        this.spec = spec;
    }

    /** Names and passwords checked before the spec is stored: a bad one fails before anything changes. */
    static List<Admin> validate(OperationSpec.Admins spec) {
        if (spec.phase() == null) {
            throw AgentException.invalidArgument("missing_field", "admins.phase is required (OVERRIDE or CREATE)");
        }
        if (spec.phase() == OperationSpec.AdminsPhase.CREATE && spec.accounts().isEmpty()) {
            throw AgentException.invalidArgument("missing_field", "admins.accounts: empty (expected at least one admin account)");
        }
        List<Admin> admins = new ArrayList<>();
        for (int i = 0; i < spec.accounts().size(); i++) {
            OperationSpec.Account account = spec.accounts().get(i);
            admins.add(new Admin(EntityName.of("admins[" + i + "].name", account.name()),
                    Password.of("admins[" + i + "].password", account.password().reveal()), account.password().reveal()));
        }
        return admins;
    }

    /** An account ready for SQL; {@code clear} only for its own login check. */
    record Admin(EntityName name, Password password, String clear) {
        @Override
        public String toString() {
            return "Admin[" + name + ", ***]";
        }
    }

    @Override
    public OperationResult run(OperationContext context) {
        List<Admin> admins = validate(spec);
        Edition edition = host.edition();
        // A retried step 10 (its access part failed, say) finds the built-in admin already disabled and
        // the agent connecting as the first admin: overriding again would hand the agent a login that
        // no longer works, and the refusal check would test the first admin. The admins are checked again.
        boolean retried = host.builtinAdminDisabled();
        if (spec.phase() == OperationSpec.AdminsPhase.OVERRIDE) {
            if (retried) {
                context.info("built-in admin already disabled by an earlier attempt: nothing to override");
                return new OperationResult.AdminsDone(List.of(), true);
            }
            PgCredentials.Login override = BuiltinAdmin.newOverride(host.builtinAdminUser());
            host.setAndRestart(BuiltinAdmin.overrideKeys(override), edition, override, spec.stopTimeoutSeconds(),
                    spec.healthTimeoutSeconds(), context);
            context.info("built-in admin " + override.user() + " overridden with a password only this agent knows");
            return new OperationResult.AdminsDone(List.of(), false);
        }
        PgCredentials.Login builtin = host.credentials().current();
        for (Admin admin : admins) {
            List<String> statements = new ArrayList<>(AclSql.createUser(admin.name(), admin.password()));
            statements.addAll(AclSql.grantAdmin(admin.name()));
            for (String statement : statements) {
                context.info("running " + AclSql.forLog(statement));
                runRedacted(statement, admin);
            }
        }
        for (Admin admin : admins) {
            if (!host.logsIn(new PgCredentials.Login(admin.name().value(), admin.clear()))) {
                throw AgentException.failedPrecondition("admin_login_failed", "admin account " + admin.name()
                        + " was created but cannot log in over PG wire; the built-in admin stays enabled");
            }
            context.info("admin account " + admin.name() + " logs in");
        }
        Admin first = admins.get(0);
        if (retried) {
            host.credentials().replace(new PgCredentials.Login(first.name().value(), first.clear()));
            context.info("built-in admin already disabled by an earlier attempt; the agent connects as " + first.name());
            return new OperationResult.AdminsDone(admins.stream().map(a -> a.name().value()).toList(), true);
        }
        host.setAndRestart(Map.of(BuiltinAdmin.ENABLED_KEY, "false"), edition, new PgCredentials.Login(first.name().value(),
                first.clear()), spec.stopTimeoutSeconds(), spec.healthTimeoutSeconds(), context);
        if (host.logsIn(builtin)) {
            throw AgentException.failedPrecondition("builtin_admin_still_enabled", "the built-in admin " + builtin.user()
                    + " still logs in after acl.admin.user.enabled=false and a restart");
        }
        context.info("built-in admin " + builtin.user() + " refused; the agent now connects as " + first.name());
        return new OperationResult.AdminsDone(admins.stream().map(a -> a.name().value()).toList(), true);
    }

    private void runRedacted(String statement, Admin admin) {
        try {
            host.run(statement);
        } catch (AgentException e) {
            throw new AgentException(e.kind(), "acl_statement_failed", AclSql.forLog(statement) + " failed: "
                    + admin.password().redact(e.getMessage()), e.retryable(), null);
        }
    }
}
