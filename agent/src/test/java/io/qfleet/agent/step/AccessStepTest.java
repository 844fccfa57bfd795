package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.secrets.SecretText;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 10's access part against {@link FakeEnterpriseAclHost}: every user must log in, and no failure repeats a password. */
class AccessStepTest {
    private static final String ALICE_PASSWORD = "Al1ce-'pw';DROP";
    private static final String BOB_PASSWORD = "B0b-Zo\u00eb-\u4e2d\u6587";
    private static final String INGEST_PASSWORD = "Svc-pw-\"never-shown\"";
    private static final OperationSpec.AccessGrant PGWIRE = new OperationSpec.AccessGrant(List.of("PGWIRE"), List.of(), false);
    private static final OperationSpec.Access SPEC = new OperationSpec.Access(
            List.of(new OperationSpec.AccessGroup("readers", List.of(PGWIRE))),
            List.of(new OperationSpec.AccessUser("alice", SecretText.of(ALICE_PASSWORD), List.of("readers"), List.of()),
                    new OperationSpec.AccessUser("bob", SecretText.of(BOB_PASSWORD), List.of(), List.of(PGWIRE)),
                    new OperationSpec.AccessUser("carol", null, List.of("readers"), List.of())),
            List.of(new OperationSpec.AccessServiceAccount("ingest", SecretText.of(INGEST_PASSWORD), "readers", List.of(), List.of("bob"))));

    @TempDir
    Path state;

    @Test
    void everyUserWithAPasswordLogsIn() {
        FakeEnterpriseAclHost host = new FakeEnterpriseAclHost(state);

        OperationResult result = new AccessStep(host, SPEC).run(new RecordingContext());

        assertEquals(new OperationResult.AccessDone(List.of("readers"), List.of("alice", "bob", "carol"), List.of("ingest"),
                List.of("alice", "bob")), result);
    }

    @Test
    void aUserWhoCannotLogInFailsTheStep() {
        FakeEnterpriseAclHost host = new FakeEnterpriseAclHost(state).refusingLoginOf("bob");

        AgentException e = assertThrows(AgentException.class, () -> new AccessStep(host, SPEC).run(new RecordingContext()));

        assertEquals("access_login_failed", e.reason());
        assertTrue(e.getMessage().startsWith("user \"bob\" was created but cannot log in") || e.getMessage().startsWith("user bob was"),
                e.getMessage());
    }

    @Test
    void aFailedUserStatementIsNamedWithoutAnyPassword() {
        FakeEnterpriseAclHost host = new FakeEnterpriseAclHost(state).failingOn("ALTER USER \"alice\"");

        AgentException e = assertThrows(AgentException.class, () -> new AccessStep(host, SPEC).run(new RecordingContext()));

        assertEquals("acl_statement_failed", e.reason());
        assertTrue(e.getMessage().startsWith("ALTER USER \"alice\" WITH PASSWORD '***' failed: "), e.getMessage());
        assertNoPassword(e.getMessage());
    }

    @Test
    void aFailedServiceAccountStatementIsNamedWithoutAnyPassword() {
        FakeEnterpriseAclHost host = new FakeEnterpriseAclHost(state).failingOn("ALTER SERVICE ACCOUNT");

        AgentException e = assertThrows(AgentException.class, () -> new AccessStep(host, SPEC).run(new RecordingContext()));

        assertEquals("acl_statement_failed", e.reason());
        assertTrue(e.getMessage().startsWith("ALTER SERVICE ACCOUNT \"ingest\" WITH PASSWORD '***' failed: "), e.getMessage());
        assertNoPassword(e.getMessage());
    }

    private static void assertNoPassword(String message) {
        for (String password : List.of(ALICE_PASSWORD, BOB_PASSWORD, INGEST_PASSWORD)) {
            assertFalse(message.contains(password) || message.contains(password.replace("'", "''")), message);
        }
        assertFalse(message.contains("Al1ce") || message.contains("never-shown"), message);
    }
}
