package io.qfleet.agent.acl;

import static io.qfleet.agent.acl.Permission.ALL;
import static io.qfleet.agent.acl.Permission.CREATE_TABLE;
import static io.qfleet.agent.acl.Permission.HTTP;
import static io.qfleet.agent.acl.Permission.INSERT;
import static io.qfleet.agent.acl.Permission.SELECT;
import static io.qfleet.agent.acl.Permission.SNAPSHOT;
import static io.qfleet.agent.acl.Permission.UPDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qfleet.agent.AgentException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AclSqlTest {
    private static final EntityName ALICE = EntityName.of("user", "alice");
    private static final EntityName READERS = EntityName.of("group", "readers");
    private static final EntityName INGEST = EntityName.of("service_account", "ingest");
    private static final Password SECRET = Password.of("password", "s3cret");

    @Test
    void createUserSetsThePasswordEvenWhenTheUserExists() {
        assertEquals(List.of(
                "CREATE USER IF NOT EXISTS \"alice\" WITH PASSWORD 's3cret'",
                "ALTER USER \"alice\" WITH PASSWORD 's3cret'"), AclSql.createUser(ALICE, SECRET));
    }

    @Test
    void grantAdminIsAllWithGrantOption() {
        assertEquals(List.of("GRANT ALL TO \"alice\" WITH GRANT OPTION WITH VERIFICATION"), AclSql.grantAdmin(ALICE));
    }

    @Test
    void grantEndpoints() {
        assertEquals(List.of("GRANT HTTP, PGWIRE, ILP TO \"alice\" WITH VERIFICATION"), AclSql.grantEndpoints(ALICE));
    }

    @Test
    void groups() {
        assertEquals(List.of("CREATE GROUP IF NOT EXISTS \"readers\""), AclSql.createGroup(READERS));
        assertEquals(List.of("ADD USER \"alice\" TO \"readers\", \"ingest\""),
                AclSql.addUserToGroups(ALICE, List.of(READERS, INGEST, READERS)));
        assertEquals("SHOW GROUPS \"alice\"", AclSql.showGroups(ALICE));
        assertEquals("groups: empty (expected: at least one group)",
                assertThrows(AgentException.class, () -> AclSql.addUserToGroups(ALICE, List.of())).getMessage());
    }

    @Test
    void userWithoutPassword() {
        assertEquals(List.of("CREATE USER IF NOT EXISTS \"alice\""), AclSql.createUser(ALICE));
    }

    @Test
    void serviceAccountGetsItsPasswordFromAlter() {
        assertEquals(List.of("CREATE SERVICE ACCOUNT IF NOT EXISTS \"ingest\""), AclSql.createServiceAccount(INGEST, null));
        assertEquals(List.of("CREATE SERVICE ACCOUNT IF NOT EXISTS \"ingest\" OWNED BY \"readers\""),
                AclSql.createServiceAccount(INGEST, READERS));
        assertEquals(List.of("ALTER SERVICE ACCOUNT \"ingest\" WITH PASSWORD 's3cret'"), AclSql.serviceAccountPassword(INGEST, SECRET));
    }

    @Test
    void assumeServiceAccount() {
        assertEquals(List.of("GRANT ASSUME SERVICE ACCOUNT \"ingest\" TO \"readers\""), AclSql.grantAssumeServiceAccount(INGEST, READERS));
    }

    @Test
    void grantsInEnumOrderWithVerification() {
        assertEquals(List.of("GRANT CREATE TABLE, SNAPSHOT TO \"readers\" WITH VERIFICATION"),
                AclSql.grant(Set.of(SNAPSHOT, CREATE_TABLE), READERS));
        assertEquals(List.of("GRANT ALL TO \"readers\" WITH VERIFICATION"), AclSql.grant(Set.of(ALL), READERS));
        assertEquals(List.of("GRANT SELECT ON ALL TABLES TO \"readers\" WITH VERIFICATION"),
                AclSql.grantOnAllTables(Set.of(SELECT), READERS));
        assertEquals(List.of("GRANT SELECT, INSERT ON \"trades\", \"prices\" TO \"ingest\" WITH VERIFICATION"),
                AclSql.grantOnTables(EnumSet.of(INSERT, SELECT), tables("trades", "prices", "trades"), INGEST));
    }

    @Test
    void refusesPermissionsAtTheWrongLevel() {
        assertEquals("permissions: SELECT is a column permission (expected: database permissions or ALL; table and"
                + " column permissions need ON ALL TABLES or ON t)", refused(() -> AclSql.grant(Set.of(HTTP, SELECT), ALICE)));
        assertEquals("permissions: CREATE TABLE is a database permission (expected: table or column permissions or ALL;"
                + " database permissions need a grant without ON)",
                refused(() -> AclSql.grantOnAllTables(Set.of(CREATE_TABLE, UPDATE), ALICE)));
        assertEquals("permissions: HTTP is a database permission (expected: table or column permissions or ALL;"
                + " database permissions need a grant without ON)",
                refused(() -> AclSql.grantOnTables(Set.of(HTTP), tables("t"), ALICE)));
        assertEquals("permissions: empty (expected: at least one)", refused(() -> AclSql.grant(Set.of(), ALICE)));
    }

    @Test
    void refusesAnEmptyTableList() {
        AgentException e = assertThrows(AgentException.class, () -> AclSql.grantOnTables(Set.of(SELECT), List.of(), ALICE));
        assertEquals("acl_bad_name", e.reason());
        assertEquals("tables: empty (expected: at least one table)", e.getMessage());
    }

    @Test
    void parsesPermissionsAsWrittenInSql() {
        assertEquals(CREATE_TABLE, Permission.parse("p", " create \t table "));
        assertEquals(Permission.PGWIRE, Permission.parse("p", "PGWire"));
        for (Permission p : Permission.values()) {
            assertEquals(p, Permission.parse("p", p.sql()));
        }
        for (String bad : List.of("DATABASE ADMIN", "SYSTEM ADMIN", "DROP USER", "SELECT; DROP TABLE x", "", "CREATETABLE")) {
            AgentException e = assertThrows(AgentException.class, () -> Permission.parse("grants[0]", bad), bad);
            assertEquals("acl_bad_permission", e.reason());
        }
        assertEquals("grants[0]: 'SELECT\\u000a; DROP' (expected one of: ALL, HTTP, PGWIRE, ILP, SELECT, INSERT, UPDATE,"
                + " CREATE TABLE, DROP TABLE, ADD COLUMN, SNAPSHOT)",
                assertThrows(AgentException.class, () -> Permission.parse("grants[0]", "SELECT\n; DROP")).getMessage());
    }

    @Test
    void forLogMasksEveryLiteralAndKeepsNames() {
        assertEquals(List.of(
                "CREATE USER IF NOT EXISTS \"alice\" WITH PASSWORD '***'",
                "ALTER USER \"alice\" WITH PASSWORD '***'"), AclSql.forLog(AclSql.createUser(ALICE, SECRET)));
        assertEquals("ALTER USER \"a\"\"'b\" WITH PASSWORD '***'", AclSql.forLog("ALTER USER \"a\"\"'b\" WITH PASSWORD 'x''y'"));
        assertEquals("X '***' Y '***'", AclSql.forLog("X 'a' Y 'b''c'''"));
        assertEquals("ALTER USER \"u\" WITH PASSWORD '***'", AclSql.forLog("ALTER USER \"u\" WITH PASSWORD 'never closed"));
        assertEquals("GRANT ALL TO \"alice\" WITH GRANT OPTION WITH VERIFICATION",
                AclSql.forLog("GRANT ALL TO \"alice\" WITH GRANT OPTION WITH VERIFICATION"));
    }

    private static List<TableName> tables(String... names) {
        return Arrays.stream(names).map(n -> TableName.of("tables", n)).toList();
    }

    private static String refused(Runnable r) {
        AgentException e = assertThrows(AgentException.class, r::run);
        assertEquals("acl_bad_permission", e.reason());
        return e.getMessage();
    }
}
