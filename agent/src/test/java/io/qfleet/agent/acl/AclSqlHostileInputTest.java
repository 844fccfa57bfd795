package io.qfleet.agent.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every builder with passwords and names chosen to break out of their quotes. For each statement:
 * QuestDB's reading and the JDBC driver's reading agree, neither splits it or sees a comment, the
 * password literal reads back as the password, and {@link AclSql#forLog} has no trace of it.
 */
class AclSqlHostileInputTest {
    private static final List<String> PASSWORDS = List.of(
            "it's", "'", "''", "'''", "';", "'; DROP TABLE x; --", "\"; DROP TABLE x; --", "x' OR '1'='1",
            "--", "-- comment", "/* c */", "*/", ";", ";;", "a;b", "$$", "$tag$", "?", "{fn ucase('a')}", "{d '2024-01-01'}",
            "\"\"", "`", "%s%n", "Zoë ñ 中文 𝔘", "😀🔥👩‍👩‍👧", "e\u0301", "\u202eevil", "a\u2028b", "  spaced  ",
            "'" + "x".repeat(1020) + "'", "'".repeat(1024));
    private static final List<EntityName> NAMES = List.of(
            EntityName.of("n", "alice"), EntityName.of("n", "Zoë.ñ-中文_1"), EntityName.of("n", "a--b"));

    @Test
    void fixedHostilePasswords() {
        for (String pw : PASSWORDS) {
            for (EntityName name : NAMES) {
                checkAll(pw, name);
            }
        }
    }

    @Test
    void randomPasswordsFromHostileCharacters() {
        String[] alphabet = {"'", "\"", ";", "-", "/", "*", " ", "$", "?", "{", "}", "`", "a", "Z", "é", "中", "😀", "\u0301"};
        Random random = new Random(20240607L);
        for (int round = 0; round < 2000; round++) {
            StringBuilder pw = new StringBuilder();
            int length = 1 + random.nextInt(24);
            while (pw.length() < length) {
                pw.append(alphabet[random.nextInt(alphabet.length)]);
            }
            checkAll(pw.toString(), NAMES.get(round % NAMES.size()));
        }
    }

    @Test
    void theScanCatchesANaiveRendering() {
        // Guards the guard: without doubling, the checks above would see the break-out.
        SqlScan naive = SqlScan.of("ALTER USER \"alice\" WITH PASSWORD '" + "'; DROP TABLE x; --" + "'", false);
        assertEquals(3, naive.statements().size(), "split at both semicolons");
        assertTrue(naive.commentOutside());
        assertEquals(List.of(""), naive.literals());
    }

    private static void checkAll(String pw, EntityName name) {
        Password password = Password.of("password", pw);
        List<String> statements = new ArrayList<>();
        statements.addAll(AclSql.createUser(name, password));
        statements.addAll(AclSql.createUser(name));
        statements.addAll(AclSql.createServiceAccount(name, name));
        statements.addAll(AclSql.serviceAccountPassword(name, password));
        statements.addAll(AclSql.grantAssumeServiceAccount(name, name));
        statements.add(AclSql.showGroups(name));
        statements.addAll(AclSql.grantAdmin(name));
        statements.addAll(AclSql.grantEndpoints(name));
        statements.addAll(AclSql.createGroup(name));
        statements.addAll(AclSql.addUserToGroups(name, List.of(name, name)));
        statements.addAll(AclSql.grant(Set.of(Permission.CREATE_TABLE), name));
        statements.addAll(AclSql.grantOnAllTables(EnumSet.of(Permission.SELECT, Permission.UPDATE), name));
        statements.addAll(AclSql.grantOnTables(Set.of(Permission.INSERT), List.of(TableName.of("t", name.value())), name));
        int withPassword = 0;
        for (String sql : statements) {
            Supplier<String> where = () -> "password " + printable(pw) + " in " + printable(sql);
            SqlScan server = SqlScan.of(sql, false);
            assertEquals(server, SqlScan.of(sql, true), () -> "QuestDB and the JDBC driver read it alike: " + where.get());
            assertEquals(1, server.statements().size(), () -> "no ';' outside quotes: " + where.get());
            assertFalse(server.unterminated(), where);
            assertFalse(server.commentOutside(), () -> "no comment outside quotes: " + where.get());
            assertTrue(server.identifiers().stream().allMatch(name.value()::equals), where);

            String logged = AclSql.forLog(sql);
            if (server.literals().isEmpty()) {
                assertEquals(sql, logged, where);
                continue;
            }
            withPassword++;
            assertEquals(List.of(pw), server.literals(), () -> "the literal reads back as the password: " + where.get());
            assertEquals(literalFromFirstQuote(sql), pw, where);
            assertEquals(sql.replace(password.sqlLiteral(), "'***'"), logged, where);
            assertEquals(List.of("***"), SqlScan.of(logged, false).literals(), where);
            if (!"'***'".contains(pw) && !sql.replace(password.sqlLiteral(), "").contains(pw)) {
                assertFalse(logged.contains(pw), () -> "forLog keeps no trace: " + where.get());
            }
        }
        assertEquals(3, withPassword, "CREATE USER, ALTER USER and ALTER SERVICE ACCOUNT carry it: " + printable(pw));
    }

    /** The brief's reading: from the first {@code '} to the quote that closes it, {@code ''} undoubled. */
    private static String literalFromFirstQuote(String sql) {
        int start = sql.indexOf('\'') + 1;
        StringBuilder out = new StringBuilder();
        for (int i = start; i < sql.length(); i++) {
            if (sql.charAt(i) == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i++;
                    continue;
                }
                return out.toString();
            }
            out.append(sql.charAt(i));
        }
        throw new AssertionError("unterminated literal in " + printable(sql));
    }

    private static String printable(String s) {
        return NameRule.shown(s.length() > 40 ? s.substring(0, 40) : s);
    }
}
