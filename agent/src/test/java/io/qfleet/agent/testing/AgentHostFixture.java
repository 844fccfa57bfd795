package io.qfleet.agent.testing;

import io.qfleet.agent.process.DirectQuestDbProcess;
import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.questdb.WalTableState;
import io.qfleet.agent.settings.AgentSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One QuestDB host in a temp dir, laid out as an operator would have it before the migration:
 * <pre>
 *   root/                      QuestDB root (conf/server.conf with ephemeral loopback ports)
 *   opt/questdb/questdb.jar    install dir: the 8.1.4 jar, no-JRE layout
 *   opt/outside/sentinel.txt   beside the install dir: what hostile archives aim at
 *   agent/state, agent/staging the agent's own directories
 *   coordinator/               tarballs the test uploads
 *   nfs/                       replication.fs_store_dirs: where an fs:: store may lie
 * </pre>
 * QuestDB 8.1.4 is started the way an operator would ({@code java -p questdb.jar -m ... -d root}),
 * not through the agent, and seeded with a WAL table and a non-WAL table.
 */
public final class AgentHostFixture {
    public static final String SOURCE_VERSION = "8.1.4";
    public static final String WAL_TABLE = "w";
    public static final String PLAIN_TABLE = "plain";
    /** Two WAL transactions, so inventory really waits for WAL apply. */
    public static final long WAL_ROWS = 5_000 + 1_000;
    public static final long PLAIN_ROWS = 300;
    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration WAL_APPLY = Duration.ofSeconds(60);

    private final Path dir;
    private final Path root;
    private final Path installDir;
    private final Path outside;
    private final Path stateDir;
    private final Path stagingDir;
    private final Path coordinatorDir;

    private AgentHostFixture(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("root");
        this.installDir = dir.resolve("opt/questdb");
        this.outside = dir.resolve("opt/outside");
        this.stateDir = dir.resolve("agent/state");
        this.stagingDir = dir.resolve("agent/staging");
        this.coordinatorDir = dir.resolve("coordinator");
    }

    /** Lays the host out; {@code stopper} stops whatever QuestDB serves its root after the test. */
    public static AgentHostFixture create(Path dir, QuestDbStopper stopper) throws IOException {
        AgentHostFixture host = new AgentHostFixture(dir.toAbsolutePath());
        QuestDbRoots.create(host.root);
        stopper.watch(host.root);
        Files.createDirectories(host.installDir);
        Files.copy(QuestDbRoots.sourceJar(), host.installDir.resolve("questdb.jar"));
        Files.createDirectories(host.outside);
        Files.writeString(host.outside.resolve("sentinel.txt"), "a host file next to the install dir\n");
        Files.createDirectories(host.coordinatorDir);
        return host;
    }

    /** The agent's settings, as SettingsLoader would build them from {@link #settingsYaml()}. */
    public AgentSettings settings() {
        return new AgentSettings("127.0.0.1", 0, true, stateDir, stagingDir,
                new AgentSettings.QuestDb(root, installDir, "direct", QuestDbRoots.javaExecutable(),
                        QuestDbRoots.jvmArgs(), QuestDbRoots.USER, null)).withFsStoreDirs(List.of(fsStoreDir()));
    }

    /** The one directory this host allows fs:: stores in ({@code replication.fs_store_dirs}). */
    public Path fsStoreDir() {
        return dir.resolve("nfs");
    }

    public String settingsYaml() {
        return "# written by AgentHostFixture\n"
                + "listen: 127.0.0.1:0\n"
                + "plaintext: true\n"
                + "state_dir: " + stateDir + "\n"
                + "staging_dir: " + stagingDir + "\n"
                + "questdb:\n"
                + "  root: " + root + "\n"
                + "  install_dir: " + installDir + "\n"
                + "  run: direct\n"
                + "  java: " + QuestDbRoots.javaExecutable() + "\n"
                + "  jvm_args: [" + String.join(", ", QuestDbRoots.jvmArgs()) + "]\n"
                + "  pg_user: " + QuestDbRoots.USER + "\n"
                + "backup_dir: " + stateDir.resolveSibling("backups") + "\n"
                + "replication:\n"
                + "  fs_store_dirs: [" + fsStoreDir() + "]\n";
    }

    /** Starts 8.1.4 from the install dir as an operator would, waits until ready, and seeds the tables. */
    public long startSeededSource() throws SQLException, InterruptedException {
        long pid = startSource();
        seed();
        return pid;
    }

    public long startSource() {
        DirectQuestDbProcess operator = new DirectQuestDbProcess(QuestDbRoots.launch(root));
        return QuestDbRoots.startReady(operator, installDir.resolve("questdb.jar"), READY);
    }

    public void seed() throws SQLException, InterruptedException {
        execute("CREATE TABLE " + WAL_TABLE + " AS (SELECT x, timestamp_sequence(0, 60000000) ts FROM long_sequence(5000))"
                + " TIMESTAMP(ts) PARTITION BY DAY WAL");
        execute("INSERT INTO " + WAL_TABLE + " SELECT x + 5000, timestamp_sequence(300000000000, 60000000) FROM long_sequence(1000)");
        execute("CREATE TABLE " + PLAIN_TABLE + " AS (SELECT x, rnd_symbol('a', 'b', 'c') s FROM long_sequence(" + PLAIN_ROWS + "))");
        awaitWalApplied();
    }

    /** Row counts read straight from QuestDB, not through the agent. */
    public Map<String, Long> rowCounts() {
        QuestDbSql sql = QuestDbRoots.sql(root);
        return sql.tables().stream().collect(Collectors.toMap(t -> t.name(), t -> sql.rowCount(t.name()), (a, b) -> a, TreeMap::new));
    }

    public static Map<String, Long> seededRowCounts() {
        return new TreeMap<>(Map.of(WAL_TABLE, WAL_ROWS, PLAIN_TABLE, PLAIN_ROWS));
    }

    /** The install dir and everything beside it (staged, previous and "outside" dirs). */
    public SortedMap<String, String> optTree() throws IOException {
        return TreeDigest.of(installDir.getParent());
    }

    /** The QuestDB root without the log a running server appends to. */
    public SortedMap<String, String> rootTree() throws IOException {
        return TreeDigest.of(root, p -> p.startsWith("log"));
    }

    public Path dir() {
        return dir;
    }

    public Path root() {
        return root;
    }

    public Path installDir() {
        return installDir;
    }

    public Path outside() {
        return outside;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path stagingDir() {
        return stagingDir;
    }

    /** Where tests build the tarballs they upload, away from the host's directories. */
    public Path coordinatorDir() {
        return coordinatorDir;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(QuestDbRoots.jdbcUrl(root), QuestDbRoots.USER, QuestDbRoots.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void awaitWalApplied() throws InterruptedException {
        QuestDbSql sql = QuestDbRoots.sql(root);
        long deadline = System.nanoTime() + WAL_APPLY.toNanos();
        while (true) {
            List<WalTableState> wal = sql.walTables();
            if (!wal.isEmpty() && wal.stream().allMatch(WalTableState::caughtUp) && sql.rowCount(WAL_TABLE) == WAL_ROWS) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("WAL not applied within " + WAL_APPLY + ": " + wal);
            }
            Thread.sleep(100);
        }
    }
}
