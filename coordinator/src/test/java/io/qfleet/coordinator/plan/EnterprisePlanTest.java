package io.qfleet.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.qfleet.coordinator.fleet.AccessSettings;
import io.qfleet.coordinator.fleet.EnterpriseSettings;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.Role;
import io.qfleet.coordinator.workflow.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan's admins line names every optional account and its grants, never a password. */
class EnterprisePlanTest {
    private static final HostEntry HOST = new HostEntry("db-1", "127.0.0.2", 7001, Role.STANDALONE, "");

    @Test
    void theAdminsStepListsTheOptionalAccountsWithTheirGrantsAndNoPassword() {
        AccessSettings access = new AccessSettings(
                List.of(new AccessSettings.Group("readers", List.of(new AccessSettings.Grant(List.of("PGWIRE"), List.of(), false),
                        new AccessSettings.Grant(List.of("SELECT"), List.of("trades"), false)))),
                List.of(new AccessSettings.User("alice", "al1ce-secret", List.of("readers"), List.of())),
                List.of(new AccessSettings.ServiceAccount("ingest", "ingest-secret", "alice",
                        List.of(new AccessSettings.Grant(List.of("INSERT"), List.of(), true)), List.of("readers"))));
        EnterpriseSettings settings = new EnterpriseSettings(null, List.of(new EnterpriseSettings.Admin("ops", "ops-secret")), false,
                null, access);

        EnterprisePlan plan = new EnterprisePlan(settings, HOST, null);

        String reason = plan.reason(Step.ADMINS);
        assertEquals("creates admin accounts ops (GRANT ALL ... WITH GRANT OPTION), checks each logs in, disables the built-in admin,"
                + " restarts, checks it is refused; then, as ops: group readers (PGWIRE; SELECT ON trades), user alice (groups readers;"
                + " password from the fleet file, checked by a PG login), service account ingest (owned by alice; password from the"
                + " fleet file; assumable by readers; INSERT ON ALL TABLES)", reason);
        String everything = reason + settings;
        for (String secret : List.of("al1ce-secret", "ingest-secret", "ops-secret")) {
            assertFalse(everything.contains(secret), everything);
        }
    }

    @Test
    void withoutAnAccessSectionTheAdminsLineIsUnchanged() {
        EnterpriseSettings settings = new EnterpriseSettings(null, List.of(new EnterpriseSettings.Admin("ops", "pw")), true);
        assertEquals("overrides the built-in admin's password, restarts; creates admin accounts ops (GRANT ALL ... WITH GRANT OPTION),"
                + " checks each logs in, disables the built-in admin, restarts, checks it is refused",
                new EnterprisePlan(settings, HOST, null).reason(Step.ADMINS));
    }
}
