package io.qfleet.coordinator.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starting a demo QuestDB server the way an operator would (plain {@code java -p ... -m ...}) and waiting for it. */
final class DemoQuestDb {
    static final String MAIN_MODULE = "io.questdb/io.questdb.ServerMain";
    // Below -Xmx128m QuestDB runs out of heap at boot (TOOLCHAIN.md); the agent starts its servers with these too.
    static final List<String> JVM_ARGS = List.of("-Xms16m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    static final String USER = "admin";
    static final String PASSWORD = "quest";
    private static final long POLL_MILLIS = 200;

    private DemoQuestDb() {
    }

    static List<String> command(Path java, Path installDir, Path root) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_ARGS);
        command.addAll(List.of("-p", installDir.resolve("questdb.jar").toString(), "-m", MAIN_MODULE, "-d", root.toString()));
        return command;
    }

    static Connection connect(DemoServerConf conf) throws SQLException {
        return DriverManager.getConnection(conf.jdbcUrl(), USER, PASSWORD);
    }

    /** Polls {@code SELECT 1} over PG wire until it answers; fails at once when the server exits. */
    static void awaitReady(ChildProcess server, DemoServerConf conf, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (server.exitCode().isPresent()) {
                throw server.failure("exited");
            }
            if (answers(conf)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw server.failure("not ready within " + timeout.toSeconds() + " s");
            }
            sleep(POLL_MILLIS);
        }
    }

    /** QuestDB 8.1.4 logs {@code [98] could not bind socket [who=http-server, bindTo=...]} and exits 55. */
    static boolean isBindFailure(String log) {
        return log.contains("could not bind") || log.contains("Address already in use");
    }

    private static boolean answers(DemoServerConf conf) {
        try (Connection connection = connect(conf); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(5);
            return statement.execute("SELECT 1");
        } catch (SQLException e) {
            return false; // not listening yet, or still booting
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
