package io.qfleet.agent.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * A test-only reading of one SQL string, independent of the code under test: where it splits at
 * {@code ;} outside quotes, the contents of its single-quoted literals and double-quoted identifiers
 * (doubled quotes undone), and whether a comment starts outside quotes. With
 * {@code backslashEscapes} it reads {@code \x} inside a single-quoted literal as an escaped
 * {@code x}, as the PostgreSQL JDBC driver does against QuestDB (no standard_conforming_strings);
 * without, as QuestDB does.
 */
record SqlScan(List<String> statements, List<String> literals, List<String> identifiers, boolean unterminated,
        boolean commentOutside) {

    static SqlScan of(String sql, boolean backslashEscapes) {
        List<String> statements = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        List<String> identifiers = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        StringBuilder quoted = null;
        char open = 0;
        boolean comment = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            char next = i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
            if (open == 0) {
                if (c == ';') {
                    statements.add(statement.toString());
                    statement.setLength(0);
                    continue;
                }
                comment |= (c == '-' && next == '-') || (c == '/' && next == '*');
                statement.append(c);
                if (c == '\'' || c == '"') {
                    open = c;
                    quoted = new StringBuilder();
                }
                continue;
            }
            statement.append(c);
            if (open == '\'' && backslashEscapes && c == '\\' && next != 0) {
                quoted.append(next);
                statement.append(next);
                i++;
            } else if (c == open && next == open) {
                quoted.append(c);
                statement.append(next);
                i++;
            } else if (c == open) {
                (open == '\'' ? literals : identifiers).add(quoted.toString());
                open = 0;
            } else {
                quoted.append(c);
            }
        }
        statements.add(statement.toString());
        return new SqlScan(statements, literals, identifiers, open != 0, comment);
    }
}
