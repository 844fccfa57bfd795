package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.secrets.PgCredentials;
import io.qfleet.agent.secrets.SecretText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 10's admins part against {@link FakeEnterpriseAclHost}: the guards that keep a fleet from losing its last admin. */
class AdminsStepTest {
    private static final String OPS_PASSWORD = "Adm1n;'ops'--pw";
    private static final String BACKUP_PASSWORD = "B4ckup \"pw\" ?";
    private static final OperationSpec.Admins CREATE = new OperationSpec.Admins(OperationSpec.AdminsPhase.CREATE, List.of(
            new OperationSpec.Account("ops_admin", SecretText.of(OPS_PASSWORD)),
            new OperationSpec.Account("ops_backup", SecretText.of(BACKUP_PASSWORD))), 0, 0);
    private static final PgCredentials.Login BUILTIN = new PgCredentials.Login("admin", "quest");

    @TempDir
    Path state;

    @Test
    void theAdminsLogInThenTheBuiltinAdminIsDisabledAndRefused() {
        FakeEnterpriseAclHost host = new FakeEnterpriseAclHost(state);

        OperationResult result = new AdminsStep(host, CREATE).run(new RecordingContext());

        assertEquals(new OperationResult.AdminsDone(List.of("ops_admin", "ops_backup"), true), result);
        assertEquals(Map.of(BuiltinAdmin.ENABLED_KEY, "false"), host.confWritten());
        assertEquals(1, host.restarts());
        assertEquals(new PgCredentials.Login("ops_admin", OPS_PASSWORD), host.credentials().current());
        assertFalse(host.logsIn(BUILTIN));
    }

    /**
     * A retried step 10 (its access part failed): the override is skipped, the admins are checked again,
     * and the agent keeps connecting as the first admin; the refusal check is not turned on that admin.
     */
    @Test
    void aRetryAfterTheBuiltinAdminWasDisabledKeepsTheAgentsLogin() {
        FakeEnterpriseAclHost host = new FakeEnterpriseAclHost(state);
        new AdminsStep(host, CREATE).run(new RecordingContext());
        PgCredentials.Login first = new PgCredentials.Login("ops_admin", OPS_PASSWORD);

        OperationResult override = new AdminsStep(host, new OperationSpec.Admins(OperationSpec.AdminsPhase.OVERRIDE, List.of(), 0, 0))
                .run(new RecordingContext());
        OperationResult again = new AdminsStep(host, CREATE).run(new RecordingContext());

        assertEquals(new OperationResult.AdminsDone(List.of(), true), override);
        assertEquals(new OperationResult.AdminsDone(List.of("ops_admin", "ops_backup"), true), again);
        assertEquals(Map.of(BuiltinAdmin.ENABLED_KEY, "false"), host.confWritten(), "no second override of the built-in admin");
        assertEquals(1, host.restarts());
        assertEquals(first, host.credentials().current());
        assertTrue(host.logsIn(first));
    }

    @Test
    void anAdminWhoCannotLogInStopsTheStepWithTheBuiltinAdminStillEnabled() {
        FakeEnterpriseAclHost host = new FakeEnterpriseAclHost(state).refusingLoginOf("ops_backup");

        AgentException e = assertThrows(AgentException.class, () -> new AdminsStep(host, CREATE).run(new RecordingContext()));

        assertEquals("admin_login_failed", e.reason());
        assertTrue(e.getMessage().contains("ops_backup") && e.getMessage().contains("the built-in admin stays enabled"), e.getMessage());
        assertEquals(Map.of(), host.confWritten(), "acl.admin.user.enabled untouched");
        assertEquals(0, host.restarts());
        assertEquals(BUILTIN, host.credentials().current(), "the agent still connects as the built-in admin");
        assertTrue(host.logsIn(BUILTIN));
    }

    @Test
    void aBuiltinAdminStillLoggingInAfterTheRestartFailsTheStep() {
        FakeEnterpriseAclHost host = new FakeEnterpriseAclHost(state).keepingTheBuiltinAdminEnabled();

        AgentException e = assertThrows(AgentException.class, () -> new AdminsStep(host, CREATE).run(new RecordingContext()));

        assertEquals("builtin_admin_still_enabled", e.reason());
        assertTrue(e.getMessage().contains("acl.admin.user.enabled=false"), e.getMessage());
        assertEquals(1, host.restarts());
    }

    @Test
    void aFailedStatementIsNamedWithoutThePasswordItCarried() {
        FakeEnterpriseAclHost host = new FakeEnterpriseAclHost(state).failingOn("ALTER USER \"ops_admin\"");

        AgentException e = assertThrows(AgentException.class, () -> new AdminsStep(host, CREATE).run(new RecordingContext()));

        assertEquals("acl_statement_failed", e.reason());
        assertTrue(e.getMessage().startsWith("ALTER USER \"ops_admin\" WITH PASSWORD '***' failed: "), e.getMessage());
        assertFalse(e.getMessage().contains(OPS_PASSWORD) || e.getMessage().contains(OPS_PASSWORD.replace("'", "''"))
                || e.getMessage().contains("'ops'"), e.getMessage());
        assertEquals(0, host.restarts());
    }

    @Test
    void theOverrideGivesTheBuiltinAdminAPasswordOnlyTheAgentKnows() {
        FakeEnterpriseAclHost host = new FakeEnterpriseAclHost(state);
        RecordingContext context = new RecordingContext();

        new AdminsStep(host, new OperationSpec.Admins(OperationSpec.AdminsPhase.OVERRIDE, List.of(), 0, 0)).run(context);

        String password = host.confWritten().get(BuiltinAdmin.PASSWORD_KEY);
        assertNotEquals("quest", password);
        assertEquals(new PgCredentials.Login("admin", password), host.credentials().current());
        assertEquals(1, host.restarts());
        assertFalse(host.logsIn(BUILTIN));
        assertTrue(host.logsIn(host.credentials().current()));
        assertFalse(String.join("\n", context.lines()).contains(password), "the override password is in no event");
    }
}
