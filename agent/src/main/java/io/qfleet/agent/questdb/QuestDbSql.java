package io.qfleet.agent.questdb;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.serverconf.HostPort;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * SQL over PG wire to a local QuestDB, one short-lived connection per call so that nothing is held
 * open across a stop or a binary swap. Tested on 8.1.4 and 9.2.2; columns are looked up by name
 * because they are renamed between versions.
 */
public final class QuestDbSql {
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final int MAX_REASON_CHARS = 200;
    // SHOW PARAMETERS property_path -> our name for the directory. QuestDB has no key for the
    // checkpoint dir (always <root>/.checkpoint), so it is not listed here.
    private static final Map<String, String> ROOT_PARAMETERS = Map.of(
            "cairo.root", "db",
            "cairo.sql.copy.root", "sql_copy_input",
            "cairo.sql.copy.export.root", "sql_copy_export",
            "cairo.sql.backup.root", "backup");
    // Driver instance instead of DriverManager: no global registry, works the same in the shaded jar.
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private final HostPort pg;
    private final String user;
    private final Supplier<String> password;
    private final int queryTimeoutSeconds;
    private final boolean tls;

    public QuestDbSql(HostPort pg, String user, Supplier<String> password, Duration queryTimeout) {
        this(pg, user, password, queryTimeout, false);
    }

    /**
     * @param tls the PG port speaks TLS (Enterprise {@code tls.enabled}): connect with {@code sslmode=require}
     *            and no certificate validation; this is the agent talking to its own host, and the TLS step
     *            checks the presented certificate byte for byte itself
     */
    public QuestDbSql(HostPort pg, String user, Supplier<String> password, Duration queryTimeout, boolean tls) {
        this.tls = tls;
        this.pg = requireNonNull(pg, "pg");
        this.user = requireNonNull(user, "user");
        this.password = requireNonNull(password, "password");
        requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("queryTimeout: " + queryTimeout + " (expected: >= 1s)");
        }
        this.queryTimeoutSeconds = (int) Math.min(queryTimeout.toSeconds(), Integer.MAX_VALUE - 10);
    }

    /** {@code SELECT 1} succeeds; false on any failure. */
    public boolean answers() {
        try {
            return query("SELECT 1", rs -> rs.next() && rs.getInt(1) == 1);
        } catch (AgentException e) {
            return false;
        }
    }

    /** Column 1 of {@code SELECT build()}: labelled {@code build} on 8.1.4, {@code build()} on 9.2.2. */
    public BuildInfo build() {
        return BuildInfo.parse(query("SELECT build()", rs -> rs.next() ? rs.getString(1) : ""));
    }

    public List<WalTableState> walTables() {
        return query("SELECT * FROM wal_tables()", rs -> {
            ResultSetMetaData md = rs.getMetaData();
            int name = column(md, "name");
            int suspended = column(md, "suspended");
            int writerTxn = column(md, "writerTxn");
            int sequencerTxn = column(md, "sequencerTxn");
            List<WalTableState> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new WalTableState(rs.getString(name), rs.getBoolean(suspended), rs.getLong(writerTxn), rs.getLong(sequencerTxn)));
            }
            return rows;
        });
    }

    public List<TableInfo> tables() {
        return query("SELECT * FROM tables()", rs -> {
            ResultSetMetaData md = rs.getMetaData();
            int name = column(md, "table_name", "name"); // "name" before 8.x
            int wal = column(md, "walEnabled");
            int partitionBy = column(md, "partitionBy");
            List<TableInfo> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new TableInfo(rs.getString(name), rs.getBoolean(wal), rs.getString(partitionBy)));
            }
            return rows;
        });
    }

    /** Exact row count ({@code SELECT count()}); for a WAL table only the rows applied so far. */
    public long rowCount(String table) {
        requireNonNull(table, "table");
        return query("SELECT count() FROM " + quoteIdentifier(table), rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** Table name to its directory under the db root ({@code tables()} column {@code directoryName}). */
    public Map<String, String> tableDirectories() {
        return query("SELECT * FROM tables()", rs -> {
            ResultSetMetaData md = rs.getMetaData();
            int name = column(md, "table_name", "name");
            int directory = column(md, "directoryName");
            Map<String, String> rows = new LinkedHashMap<>();
            while (rs.next()) {
                rows.put(rs.getString(name), rs.getString(directory));
            }
            return rows;
        });
    }

    /**
     * {@code checkpoint_status()} (8.1+): whether a checkpoint (or a legacy snapshot, which 9.x
     * reports here too) is open, and since when.
     */
    public CheckpointStatus checkpointStatus() {
        return query("SELECT * FROM checkpoint_status()", rs -> {
            ResultSetMetaData md = rs.getMetaData();
            int inProgress = column(md, "in_progress");
            int startedAt = column(md, "started_at");
            if (!rs.next()) {
                return new CheckpointStatus(false, "");
            }
            String started = rs.getString(startedAt);
            return new CheckpointStatus(rs.getBoolean(inProgress), started == null ? "" : started);
        });
    }

    /**
     * Runs one of QuestDB's checkpoint statements: {@code CHECKPOINT CREATE}, {@code CHECKPOINT
     * RELEASE} (8.1+), {@code SNAPSHOT PREPARE}, {@code SNAPSHOT COMPLETE} (7.x; aliases later).
     */
    public void checkpoint(CheckpointStatement statement) {
        requireNonNull(statement, "statement");
        execute(statement.sql());
    }

    /**
     * The data directories QuestDB reports in {@code SHOW PARAMETERS}, by our name ({@code db},
     * {@code sql_copy_input}, and {@code sql_copy_export}, {@code backup} when set), as absolute
     * paths; relative values are relative to {@code questdbRoot}, as QuestDB resolves them.
     */
    public Map<String, String> roots(Path questdbRoot) {
        requireNonNull(questdbRoot, "questdbRoot");
        Map<String, String> values = query("SHOW PARAMETERS", rs -> {
            ResultSetMetaData md = rs.getMetaData();
            int path = column(md, "property_path");
            int value = column(md, "value");
            Map<String, String> found = new HashMap<>();
            while (rs.next()) {
                String name = ROOT_PARAMETERS.get(rs.getString(path));
                String v = rs.getString(value);
                // unset string parameters (cairo.sql.backup.root) come back as NULL or the text "null"
                if (name != null && v != null && !v.isBlank() && !v.equals("null")) {
                    found.put(name, v);
                }
            }
            return found;
        });
        Path base = questdbRoot.toAbsolutePath();
        Map<String, String> roots = new LinkedHashMap<>();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> roots.put(e.getKey(), base.resolve(e.getValue()).normalize().toString()));
        return roots;
    }

    /** Double-quoted SQL identifier, embedded quotes doubled. */
    static String quoteIdentifier(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw AgentException.invalidArgument("table_name_invalid", "table name: '" + name + "' (expected: non-empty, no NUL)");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @FunctionalInterface
    private interface RowsReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private void execute(String sql) {
        query(sql, null);
    }

    /**
     * Runs one statement that returns nothing useful (DDL, ACL). Failures are UNAVAILABLE
     * {@code questdb_sql_failed} with the server's reason, never the statement: it may hold a password.
     */
    public void run(String statement) {
        execute(requireNonNull(statement, "statement"));
    }

    /**
     * The first column of every row of {@code query}, as text (e.g. {@code SHOW GROUPS "u"} on
     * Enterprise). Failures as in {@link #run(String)}.
     */
    public List<String> firstColumn(String query) {
        return query(requireNonNull(query, "query"), rs -> {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        });
    }

    /** Runs {@code sql}; with a reader its result set is read, without one the statement is only executed. */
    private <T> T query(String sql, RowsReader<T> reader) {
        Connection connection;
        try {
            connection = connect();
        } catch (SQLException e) {
            throw unreachable(e);
        }
        try (connection; Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(queryTimeoutSeconds);
            if (reader == null) {
                statement.execute(sql);
                return null;
            }
            try (ResultSet rs = statement.executeQuery(sql)) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw unreachable(e); // connection lost mid-query, or the socket timeout fired
            }
            throw AgentException.unavailable("questdb_sql_failed", "SQL on " + pg + " failed: " + shortReason(e), e);
        }
    }

    private Connection connect() throws SQLException {
        // socketTimeout backs up setQueryTimeout: a hung server must never hang the caller.
        String url = "jdbc:postgresql://" + pg + "/qdb?sslmode="
                + (tls ? "require&sslfactory=org.postgresql.ssl.NonValidatingFactory" : "disable")
                + "&connectTimeout=" + CONNECT_TIMEOUT_SECONDS
                + "&loginTimeout=" + CONNECT_TIMEOUT_SECONDS
                + "&socketTimeout=" + (queryTimeoutSeconds + CONNECT_TIMEOUT_SECONDS)
                + "&ApplicationName=qfleet-agent";
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", requireNonNull(password.get(), "password"));
        return DRIVER.connect(url, credentials);
    }

    private AgentException unreachable(SQLException e) {
        return AgentException.unavailable("questdb_unreachable", "PG wire not answering on " + pg + ": " + shortReason(e), e);
    }

    private String shortReason(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        String line = message.lines().findFirst().orElse("");
        String secret = password.get();
        if (secret != null && !secret.isEmpty()) {
            line = line.replace(secret, "***"); // the driver does not echo it; belt and braces
        }
        return line.length() > MAX_REASON_CHARS ? line.substring(0, MAX_REASON_CHARS) + "..." : line;
    }

    private static int column(ResultSetMetaData md, String... names) throws SQLException {
        for (String name : names) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (md.getColumnLabel(i).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return i;
                }
            }
        }
        throw new SQLException("no column " + String.join(" or ", names) + " in the result");
    }
}
