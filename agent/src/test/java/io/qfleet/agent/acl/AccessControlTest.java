package io.qfleet.agent.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The optional accounts' statements, in order, against a recording server: the Enterprise SQL
 * itself cannot run here (Open Source has no CREATE GROUP), so what is checked is what would be
 * sent, and that hostile names and passwords cannot break out of it.
 */
class AccessControlTest {
    private static final Password PW = Password.of("password", "it's; DROP TABLE x; --");

    @Test
    void groupsThenUsersThenServiceAccountsEachWithTheirGrants() {
        AccessControl access = new AccessControl(
                List.of(new AccessControl.Group(name("readers"), List.of(grant(List.of("select"), List.of("trades"), false),
                        grant(List.of("PGWIRE", "HTTP"), List.of(), false)))),
                List.of(new AccessControl.User(name("alice"), PW, List.of(name("readers"), name("writers"), name("readers")),
                        List.of(grant(List.of("INSERT"), List.of(), true))),
                        new AccessControl.User(name("bob"), null, List.of(), List.of())),
                List.of(new AccessControl.ServiceAccount(name("ingest"), PW, name("alice"), List.of(grant(List.of("ILP"), List.of(), false)),
                        List.of(name("readers"), name("bob")))));
        Recording server = new Recording(Map.of("alice", Set.of("writers")));
        List<String> progress = new ArrayList<>();

        access.apply(server, progress::add);

        assertEquals(List.of(
                "CREATE GROUP IF NOT EXISTS \"readers\"",
                "GRANT SELECT ON \"trades\" TO \"readers\" WITH VERIFICATION",
                "GRANT HTTP, PGWIRE TO \"readers\" WITH VERIFICATION",
                "CREATE USER IF NOT EXISTS \"alice\" WITH PASSWORD 'it''s; DROP TABLE x; --'",
                "ALTER USER \"alice\" WITH PASSWORD 'it''s; DROP TABLE x; --'",
                "SHOW GROUPS \"alice\"",
                "ADD USER \"alice\" TO \"readers\"",
                "GRANT INSERT ON ALL TABLES TO \"alice\" WITH VERIFICATION",
                "CREATE USER IF NOT EXISTS \"bob\"",
                "CREATE SERVICE ACCOUNT IF NOT EXISTS \"ingest\" OWNED BY \"alice\"",
                "ALTER SERVICE ACCOUNT \"ingest\" WITH PASSWORD 'it''s; DROP TABLE x; --'",
                "GRANT ILP TO \"ingest\" WITH VERIFICATION",
                "GRANT ASSUME SERVICE ACCOUNT \"ingest\" TO \"readers\"",
                "GRANT ASSUME SERVICE ACCOUNT \"ingest\" TO \"bob\""), server.sent);
        assertEquals(List.of("group readers: SELECT ON trades; HTTP, PGWIRE", "user alice in [readers, writers]: INSERT ON ALL TABLES",
                "user bob", "service account ingest owned by alice: ILP; assumable by [readers, bob]"), progress);
        assertEquals(2, access.passwords().size());
    }

    @Test
    void aUserAlreadyInAllItsGroupsIsNotAddedAgain() {
        AccessControl access = new AccessControl(List.of(), List.of(new AccessControl.User(name("alice"), null,
                List.of(name("readers")), List.of())), List.of());
        Recording server = new Recording(Map.of("alice", Set.of("readers", "other")));

        access.apply(server, line -> { });

        assertEquals(List.of("CREATE USER IF NOT EXISTS \"alice\"", "SHOW GROUPS \"alice\""), server.sent);
    }

    @Test
    void oneNamespaceForGroupsUsersAndServiceAccounts() {
        AgentException e = assertThrows(AgentException.class, () -> new AccessControl(
                List.of(new AccessControl.Group(name("ops"), List.of())), List.of(),
                List.of(new AccessControl.ServiceAccount(name("ops"), null, null, List.of(), List.of()))));
        assertEquals("acl_bad_name", e.reason());
        assertEquals("access: 'ops' is named twice (users, groups and service accounts share one namespace)", e.getMessage());
    }

    @Test
    void grantsAreCheckedWhenMade() {
        assertEquals("g.permissions[1]: 'DELETE' (expected one of: ALL, HTTP, PGWIRE, ILP, SELECT, INSERT, UPDATE, CREATE TABLE,"
                + " DROP TABLE, ADD COLUMN, SNAPSHOT)", refused(() -> grant(List.of("SELECT", "DELETE"), List.of("t"), false)));
        assertEquals("g.permissions: PGWIRE is a database permission (expected: table or column permissions or ALL;"
                + " database permissions need a grant without ON)", refused(() -> grant(List.of("PGWIRE"), List.of("t"), false)));
        assertEquals("g.permissions: SELECT is a column permission (expected: database permissions or ALL; table and column"
                + " permissions need ON ALL TABLES or ON t)", refused(() -> grant(List.of("SELECT"), List.of(), false)));
        assertEquals("g.permissions: empty (expected: at least one)", refused(() -> grant(List.of(), List.of(), true)));
        assertEquals("g: tables and all_tables together (expected one of them, or neither for a database-level grant)",
                refused(() -> grant(List.of("SELECT"), List.of("t"), true)));
        AgentException badTable = assertThrows(AgentException.class, () -> grant(List.of("SELECT"), List.of("t\"; DROP"), false));
        assertEquals("acl_bad_name", badTable.reason());
        assertTrue(badTable.getMessage().startsWith("g.tables[0]: U+0022 QUOTATION MARK at index 1"), badTable.getMessage());
    }

    @Test
    void hostileNamesAndPasswordsStayInsideTheirQuotes() {
        for (String pw : List.of("'", "'; DROP GROUP g; --", "\"", "Zoë 中文 😀", "a;b", "$$", "?")) {
            Password password = Password.of("password", pw);
            EntityName hostile = name("Zoë.ñ-中文_1");
            AccessControl access = new AccessControl(List.of(new AccessControl.Group(name("g"), List.of())),
                    List.of(new AccessControl.User(hostile, password, List.of(name("g")), List.of())),
                    List.of(new AccessControl.ServiceAccount(name("sa"), password, hostile, List.of(), List.of(hostile))));
            Recording server = new Recording(Map.of());
            access.apply(server, line -> { });
            for (String sql : server.sent) {
                SqlScan scan = SqlScan.of(sql, false);
                assertEquals(scan, SqlScan.of(sql, true), sql);
                assertEquals(1, scan.statements().size(), sql);
                assertFalse(scan.commentOutside() || scan.unterminated(), sql);
                assertTrue(scan.literals().isEmpty() || scan.literals().equals(List.of(pw)), sql);
                if (!scan.literals().isEmpty() && !sql.replace(password.sqlLiteral(), "").contains(pw) && !"'***'".contains(pw)) {
                    assertFalse(AclSql.forLog(sql).contains(pw), () -> "forLog keeps no trace: " + sql);
                }
            }
        }
    }

    private static Grant grant(List<String> permissions, List<String> tables, boolean allTables) {
        return Grant.of("g", permissions, tables, allTables);
    }

    private static EntityName name(String value) {
        return EntityName.of("name", value);
    }

    private static String refused(Runnable r) {
        return assertThrows(AgentException.class, r::run).getMessage();
    }

    /** Records what would be sent; answers SHOW GROUPS from a fixed map. */
    private static final class Recording implements AccessControl.Server {
        final List<String> sent = new ArrayList<>();
        final Map<String, Set<String>> memberships;

        Recording(Map<String, Set<String>> memberships) {
            this.memberships = new HashMap<>(memberships);
        }

        @Override
        public void run(String statement) {
            sent.add(statement);
        }

        @Override
        public Set<String> groupsOf(EntityName user) {
            sent.add(AclSql.showGroups(user));
            return memberships.getOrDefault(user.value(), Set.of());
        }
    }
}
