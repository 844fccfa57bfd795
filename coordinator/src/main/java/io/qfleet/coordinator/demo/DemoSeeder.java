package io.qfleet.coordinator.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Sample data for one demo server, in QuestDB 8.1.4 SQL: a WAL table (exercises the WAL-apply gate and
 * checkpoint) and a non-WAL table without designated timestamp (the legacy kind migrations must carry).
 */
final class DemoSeeder {
    static final String TRADES = "CREATE TABLE trades (ts TIMESTAMP, symbol SYMBOL, price DOUBLE, amount DOUBLE) "
            + "TIMESTAMP(ts) PARTITION BY DAY WAL";
    static final String SENSORS = "CREATE TABLE sensors (id LONG, reading DOUBLE, at TIMESTAMP)";
    private static final int QUERY_TIMEOUT_SECONDS = 300;
    private static final long POLL_MILLIS = 200;

    private DemoSeeder() {
    }

    /** Creates and fills both tables, waits until the WAL rows are applied; returns trades + sensors rows. */
    static long seed(DemoServerConf conf, long rows, Duration applyTimeout) {
        long sensors = rows / 10;
        try (Connection connection = DemoQuestDb.connect(conf); Statement sql = connection.createStatement()) {
            sql.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            sql.execute(TRADES);
            // One row per second from 2024-01-01: 1,000,000 rows span 12 daily partitions.
            sql.execute("INSERT INTO trades SELECT timestamp_sequence('2024-01-01', 1000000L), "
                    + "rnd_symbol('BTC-USD','ETH-USD','SOL-USD','XRP-USD'), rnd_double() * 1000, rnd_double() "
                    + "FROM long_sequence(" + rows + ")");
            sql.execute(SENSORS);
            if (sensors > 0) {
                sql.execute("INSERT INTO sensors SELECT x, rnd_double() * 100, timestamp_sequence('2024-01-01', 10000000L) "
                        + "FROM long_sequence(" + sensors + ")");
            }
            awaitApplied(sql, rows, applyTimeout);
        } catch (SQLException e) {
            throw new IllegalStateException("seeding QuestDB on 127.0.0.1:" + conf.pg() + " failed: " + e.getMessage(), e);
        }
        return rows + sensors;
    }

    /** WAL apply is asynchronous: the insert returns before the rows are visible. */
    private static void awaitApplied(Statement sql, long rows, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            long count = single(sql, "SELECT count() FROM trades");
            try (ResultSet wal = sql.executeQuery(
                    "SELECT writerTxn, sequencerTxn, suspended FROM wal_tables() WHERE name = 'trades'")) {
                if (wal.next()) {
                    if (wal.getBoolean(3)) {
                        throw new IllegalStateException("WAL apply of table trades is suspended (see the QuestDB log)");
                    }
                    last = "count=" + count + ", writerTxn=" + wal.getLong(1) + ", sequencerTxn=" + wal.getLong(2);
                    if (count == rows && wal.getLong(1) == wal.getLong(2)) {
                        return;
                    }
                }
            }
            DemoQuestDb.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("trades: " + rows + " rows not applied within " + timeout.toSeconds() + " s (" + last + ")");
    }

    private static long single(Statement sql, String query) throws SQLException {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }
}
