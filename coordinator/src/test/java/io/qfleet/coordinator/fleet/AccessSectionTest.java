package io.qfleet.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fleet file's optional {@code access} section: groups, users, service accounts; one-line errors with file, line and key. */
class AccessSectionTest {
    private static final Map<String, String> ENV = Map.of("QF_PW", "s3cret-'admin'", "QF_ALICE", "al1ce;--pw", "QF_INGEST", "ingest-pw",
            "QF_BAD", "a\\b");
    /** 16 lines: the access section starts on line 17. */
    private static final String BASE = FleetFileLoaderTest.GOOD + "admins:\n  - name: ops\n    password: ${env:QF_PW}\n";
    private static final String ACCESS = """
            access:
              groups:
                - name: readers
                  grants:
                    - {permissions: [PGWIRE, HTTP]}
                    - {permissions: [select], tables: [trades, quotes]}
              users:
                - name: alice
                  password: ${env:QF_ALICE}
                  groups: [readers]
                  grants:
                    - {permissions: [INSERT], all_tables: true}
                - name: bob
              service_accounts:
                - name: ingest
                  password: ${env:QF_INGEST}
                  owned_by: readers
                  grants:
                    - {permissions: [ILP]}
                  assumable_by: [alice, ops]
            """;

    @TempDir
    Path dir;
    Path fleet;

    @BeforeEach
    void distribution() throws IOException {
        fleet = dir.resolve("fleet.yaml");
        Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dir.resolve("dist/questdb-9.2.2-no-jre-bin.tar.gz"), "not really a tarball");
    }

    @Test
    void loadsGroupsUsersAndServiceAccountsWithPasswordsFromReferences() throws IOException {
        Files.writeString(fleet, BASE + ACCESS);

        AccessSettings access = FleetFileLoader.load(fleet, ENV::get).enterprise().access();

        assertEquals(List.of(new AccessSettings.Group("readers", List.of(new AccessSettings.Grant(List.of("PGWIRE", "HTTP"), List.of(), false),
                new AccessSettings.Grant(List.of("SELECT"), List.of("trades", "quotes"), false)))), access.groups());
        assertEquals(List.of(new AccessSettings.User("alice", "al1ce;--pw", List.of("readers"),
                        List.of(new AccessSettings.Grant(List.of("INSERT"), List.of(), true))),
                new AccessSettings.User("bob", "", List.of(), List.of())), access.users());
        assertEquals(List.of(new AccessSettings.ServiceAccount("ingest", "ingest-pw", "readers",
                List.of(new AccessSettings.Grant(List.of("ILP"), List.of(), false)), List.of("alice", "ops"))), access.serviceAccounts());
        assertEquals(List.of("group readers (PGWIRE, HTTP; SELECT ON trades, quotes)",
                "user alice (groups readers; password from the fleet file, checked by a PG login; INSERT ON ALL TABLES)", "user bob",
                "service account ingest (owned by readers; password from the fleet file; assumable by alice, ops; ILP)"), access.describe());
        String shown = access.toString() + access.describe();
        assertFalse(shown.contains("al1ce") || shown.contains("ingest-pw"), shown);
    }

    @Test
    void noAccessKeyNoAccounts() throws IOException {
        Files.writeString(fleet, BASE);
        assertEquals(null, FleetFileLoader.load(fleet, ENV::get).enterprise().access());
    }

    static Stream<Arguments> badSections() {
        return Stream.of(
                bad("access without admins", FleetFileLoaderTest.GOOD + "access:\n  users: [{name: bob}]\n",
                        ":14: access: needs admins (the fleet's first admin creates these accounts once the built-in admin is disabled;"
                                + " add an admins section)"),
                bad("an empty section", BASE + "access: {groups: []}\n",
                        ":17: access: no groups, users or service_accounts (expected at least one, or no access key)"),
                bad("an unknown permission", BASE + ACCESS.replace("[select]", "[select, delete]"),
                        ":22: access.groups[0].grants[1].permissions[1]: 'delete' is not a permission qfleet grants (expected one of:"
                                + " ALL, HTTP, PGWIRE, ILP, CREATE TABLE, SNAPSHOT, SELECT, INSERT, UPDATE, DROP TABLE, ADD COLUMN)"),
                bad("a table permission without tables", BASE + ACCESS.replace("{permissions: [INSERT], all_tables: true}",
                                "{permissions: [INSERT]}"),
                        ":28: access.users[0].grants[0].permissions[0]: INSERT is a table permission (expected tables: [...] or"
                                + " all_tables: true in its grant)"),
                bad("an endpoint permission on tables", BASE + ACCESS.replace("[PGWIRE, HTTP]}", "[PGWIRE], all_tables: true}"),
                        ":21: access.groups[0].grants[0].permissions[0]: PGWIRE is a database permission (expected a grant without"
                                + " tables and all_tables)"),
                bad("tables and all_tables", BASE + ACCESS.replace("all_tables: true", "all_tables: true, tables: [t]"),
                        ":28: access.users[0].grants[0].all_tables: tables and all_tables together (expected one of them, or neither"
                                + " for a database-level grant)"),
                bad("an unknown group", BASE + ACCESS.replace("groups: [readers]", "groups: [readers, writers]"),
                        ":26: access.users[0].groups[1]: unknown group 'writers' (expected one defined in the fleet file: readers)"),
                bad("an unknown owner", BASE + ACCESS.replace("owned_by: readers", "owned_by: carol"),
                        ":33: access.service_accounts[0].owned_by: unknown admin or group or user 'carol' (expected one defined in the"
                                + " fleet file: alice, bob, ops, readers)"),
                bad("a duplicate name", BASE + ACCESS.replace("- name: bob", "- name: readers"),
                        ":29: access.users[1].name: 'readers' is already a group (admins, groups, users and service accounts share one"
                                + " namespace)"),
                bad("a name equal to an admin", BASE + ACCESS.replace("- name: bob", "- name: ops"),
                        ":29: access.users[1].name: 'ops' is already an admin (admins, groups, users and service accounts share one"
                                + " namespace)"),
                bad("a hostile name", BASE + ACCESS.replace("- name: bob", "- name: 'bob\"; DROP'"),
                        ":29: access.users[1].name: 'bob\"; DROP' is not a user name (expected 1-255 letters, digits, '_', '-', '.',"
                                + " starting with a letter, digit or '_', no '..' and no trailing '.')"),
                bad("a hostile table", BASE + ACCESS.replace("[trades, quotes]", "[trades, 'q;--']"),
                        ":22: access.groups[0].grants[1].tables[1]: 'q;--' is not a table name (expected 1-255 letters, digits, '_',"
                                + " '-', '.', starting with a letter, digit or '_', no '..' and no trailing '.')"),
                bad("a plain-text password", BASE + ACCESS.replace("${env:QF_ALICE}", "hunter2-never-shown"),
                        ":25: access.users[0].password: a password is never written in the fleet file (use ${env:NAME} or ${file:path})"),
                bad("a service account's plain-text password", BASE + ACCESS.replace("${env:QF_INGEST}", "hunter2-never-shown"),
                        ":32: access.service_accounts[0].password: a password is never written in the fleet file (use ${env:NAME} or"
                                + " ${file:path})"),
                bad("a password with a backslash", BASE + ACCESS.replace("${env:QF_ALICE}", "${env:QF_BAD}"),
                        ":25: access.users[0].password: the value of ${env:QF_BAD} is empty or holds a control character or a backslash"
                                + " (QuestDB and the PG driver would read it differently)"),
                bad("a password but no PGWIRE", BASE + ACCESS.replace("groups: [readers]", "groups: []"),
                        ":25: access.users[0].password: user 'alice' has a password, which qfleet proves by a PG wire login: grant it"
                                + " PGWIRE (directly or through one of its groups), or leave the password out"),
                bad("an unknown key", BASE + ACCESS.replace("owned_by: readers", "owner: readers"),
                        ":33: access.service_accounts[0]: unknown key 'owner' (expected one of: name, password, owned_by, grants,"
                                + " assumable_by)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSections")
    void refusesABadSectionWithOneLine(String what, String yaml, String message) throws IOException {
        Files.writeString(fleet, yaml);

        FleetFileException e = assertThrows(FleetFileException.class, () -> FleetFileLoader.load(fleet, ENV::get));

        assertEquals(fleet + message, e.getMessage());
        for (String secret : List.of("hunter2", "al1ce", "ingest-pw", "s3cret")) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
    }

    private static Arguments bad(String what, String yaml, String message) {
        return Arguments.of(what, yaml, message);
    }
}
