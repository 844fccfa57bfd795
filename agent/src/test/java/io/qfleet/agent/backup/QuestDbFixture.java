package io.qfleet.agent.backup;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.process.DirectQuestDbProcess;
import io.qfleet.agent.process.ProcessFinder;
import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.questdb.WalTableState;
import io.qfleet.agent.testing.QuestDbRoots;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Real QuestDB servers for the backup ITs; every one started here is stopped by {@link #stopAll()}. */
final class QuestDbFixture {
    static final Duration READY = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(60);
    private final List<Path> roots = new ArrayList<>();

    /** Starts {@code jar} on a fresh root (ephemeral ports) and waits until ready. */
    Path start(Path root, Path jar) {
        QuestDbRoots.create(root);
        roots.add(root);
        QuestDbRoots.startReady(new DirectQuestDbProcess(QuestDbRoots.launch(root)), jar, READY);
        return root;
    }

    /** Remembers a root whose server someone else (the agent) starts, so it is stopped at the end too. */
    void track(Path root) {
        roots.add(root);
    }

    /** Stops every server on a tracked root by its pid (SIGTERM); returns the roots where one would not stop. */
    List<String> stopAll() {
        List<String> lingering = new ArrayList<>();
        for (Path root : roots) {
            try {
                new DirectQuestDbProcess(QuestDbRoots.launch(root)).stop(STOP);
            } catch (AgentException e) {
                lingering.add(root + ": " + e.getMessage());
                ProcessFinder.findQuestDb(root).ifPresent(ProcessHandle::destroyForcibly); // never leak past the build
            }
        }
        return lingering;
    }

    static void execute(Path root, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(QuestDbRoots.jdbcUrl(root), QuestDbRoots.USER, QuestDbRoots.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void awaitWalApplied(Path root) throws InterruptedException {
        QuestDbSql sql = QuestDbRoots.sql(root);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (sql.walTables().stream().allMatch(WalTableState::caughtUp)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("WAL apply did not catch up: " + sql.walTables());
    }

    /** A client inserting one row at a time into a WAL table until stopped. */
    static final class Inserter implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong inserted = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        Inserter(Path root, String table) {
            thread = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(QuestDbRoots.jdbcUrl(root), QuestDbRoots.USER, QuestDbRoots.PASSWORD);
                        PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
                    long i = 0;
                    while (!stop.get()) {
                        insert.setLong(1, i);
                        insert.setDouble(2, i * 0.5);
                        insert.setTimestamp(3, new Timestamp(1_700_000_000_000L + i));
                        insert.executeUpdate();
                        inserted.incrementAndGet();
                        i++;
                    }
                } catch (Throwable t) {
                    if (!stop.get()) {
                        failure.set(t);
                    }
                }
            }, "inserter-" + table);
            thread.start();
        }

        long inserted() {
            return inserted.get();
        }

        /** Waits until at least {@code n} rows went in. */
        void awaitInserted(long n) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (inserted.get() < n && failure.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        @Override
        public void close() {
            stop.set(true);
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure.get() != null) {
                throw new AssertionError("the inserting client failed", failure.get());
            }
        }
    }
}
