package io.qfleet.coordinator.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.demo.DemoHost;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What "the host is unchanged" means, read without the agent: the pid of the QuestDB serving the
 * root (from /proc), its version ({@code SELECT build()} over PG wire, port from the root's
 * server.conf), every table's row count, a hash of the install dir tree (relative paths, types,
 * file contents, link targets) and the names beside the install dir.
 */
record HostSnapshot(long pid, String version, Map<String, Long> rows, String installTree, SortedSet<String> besideInstall) {
    private static final Pattern VERSION = Pattern.compile("QuestDB (?:[\\w -]+ )?([0-9][0-9A-Za-z.-]*),");
    // Enterprise's main too: EnterpriseFlowIT moves a host to it.
    private static final List<String> MAINS = List.of("io.questdb.ServerMain", "com.questdb.EntServerMain");

    static HostSnapshot take(DemoHost host) throws Exception {
        return take(host, null);
    }

    /** As {@link #take(DemoHost)}, reaching PG wire on {@code pgHost} instead of the address in server.conf (null: that one). */
    static HostSnapshot take(DemoHost host, String pgHost) throws Exception {
        long pid = servingPid(host.root());
        try (Connection connection = connect(host.root(), pgHost); Statement sql = connection.createStatement()) {
            sql.setQueryTimeout(60);
            return new HostSnapshot(pid, version(sql), rows(sql), treeHash(host.installDir()), beside(host.installDir()));
        }
    }

    long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The same server (same pid) on the same binaries and data, nothing new beside the install dir. */
    void assertUnchanged(HostSnapshot after) {
        assertEquals(this, after, "host changed");
        assertNoWorkDirsBeside(after);
    }

    /**
     * Back on the old binaries after a rollback: another pid is fine, the rest is the same, and the
     * rejected binaries are kept in exactly one new {@code <install>.reverted-*} dir; after a rollback
     * from the backup ({@code restored}) also the replaced root, in one new {@code <root>.before-restore-*}
     * dir (the root lies beside the install dir in these fixtures).
     */
    void assertRolledBack(HostSnapshot after, String installName, boolean restored) {
        assertEquals(version, after.version(), "version after rollback");
        assertEquals(rows, after.rows(), "row counts after rollback");
        assertEquals(installTree, after.installTree(), "install dir after rollback (previous binaries back in place)");
        SortedSet<String> added = new TreeSet<>(after.besideInstall());
        added.removeAll(besideInstall);
        assertEquals(restored ? 2 : 1, added.size(), "new names beside the install dir: " + added);
        assertTrue(added.stream().anyMatch(n -> n.startsWith(installName + ".reverted-")), "new names beside the install dir: " + added);
        assertTrue(!restored || added.stream().anyMatch(n -> n.contains(".before-restore-")), "no replaced root beside: " + added);
        assertTrue(after.besideInstall().containsAll(besideInstall), "names beside the install dir went missing: " + after);
        assertNoWorkDirsBeside(after);
    }

    private static void assertNoWorkDirsBeside(HostSnapshot snapshot) {
        for (String name : snapshot.besideInstall()) {
            assertTrue(!name.contains(".staged-") && !name.contains(".previous-") && !name.contains(".strip-"),
                    "left beside the install dir: " + name);
        }
    }

    /** The one QuestDB whose command line runs ServerMain with {@code -d <root>}. */
    static long servingPid(Path root) {
        List<Long> pids = servingPids(root);
        assertEquals(1, pids.size(), "QuestDB servers serving " + root + ": " + pids);
        return pids.get(0);
    }

    static List<Long> servingPids(Path root) {
        Path target = canonical(root);
        List<Long> pids = new ArrayList<>();
        for (long pid : ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).toArray()) {
            List<String> args = commandLine(pid);
            if (args.stream().noneMatch(a -> MAINS.stream().anyMatch(m -> a.equals(m) || a.endsWith("/" + m)))) {
                continue;
            }
            for (int i = 0; i < args.size() - 1; i++) {
                if (args.get(i).equals("-d") && canonical(Path.of(args.get(i + 1))).equals(target)) {
                    pids.add(pid);
                    break;
                }
            }
        }
        return pids;
    }

    /** {@code /proc/<pid>/cmdline} split at NUL; empty when the process is gone or unreadable. */
    static List<String> commandLine(long pid) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), UTF_8);
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    static Connection connect(Path root) throws IOException, SQLException {
        return connect(root, null);
    }

    static Connection connect(Path root, String pgHost) throws IOException, SQLException {
        String pg = pgPort(root);
        if (pgHost != null) {
            pg = pgHost + pg.substring(pg.lastIndexOf(':'));
        }
        return DriverManager.getConnection("jdbc:postgresql://" + pg + "/qdb?sslmode=disable&connectTimeout=10",
                "admin", "quest");
    }

    /** {@code pg.net.bind.to} of the root's server.conf, e.g. 127.0.0.1:8812. */
    static String pgPort(Path root) throws IOException {
        Properties conf = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("conf/server.conf"))) {
            conf.load(in);
        }
        return conf.getProperty("pg.net.bind.to");
    }

    /** The QuestDB version {@code SELECT build()} names. */
    static String version(Statement sql) throws SQLException {
        try (ResultSet result = sql.executeQuery("SELECT build()")) {
            assertTrue(result.next(), "SELECT build() returned no row");
            String build = result.getString(1);
            Matcher m = VERSION.matcher(build);
            assertTrue(m.find(), "unexpected build(): " + build);
            return m.group(1);
        }
    }

    private static Map<String, Long> rows(Statement sql) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet result = sql.executeQuery("SELECT table_name FROM tables()")) {
            while (result.next()) {
                tables.add(result.getString(1));
            }
        }
        Map<String, Long> rows = new TreeMap<>();
        for (String table : tables) {
            try (ResultSet result = sql.executeQuery("SELECT count() FROM \"" + table + "\"")) {
                assertTrue(result.next());
                rows.put(table, result.getLong(1));
            }
        }
        return rows;
    }

    /** SHA-256 over every entry's relative path, type and content (files) or target (links), in path order. */
    static String treeHash(Path dir) throws IOException {
        return treeHash(dir, relative -> false);
    }

    /** As {@link #treeHash(Path)}, leaving out entries whose path relative to {@code dir} matches {@code excluded}. */
    static String treeHash(Path dir, java.util.function.Predicate<Path> excluded) throws IOException {
        MessageDigest digest = sha256();
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(dir)) {
            entries = walk.filter(p -> !excluded.test(dir.relativize(p))).sorted().toList();
        }
        for (Path entry : entries) {
            digest.update((dir.relativize(entry) + "\0").getBytes(UTF_8));
            if (Files.isSymbolicLink(entry)) {
                digest.update(("link\0" + Files.readSymbolicLink(entry) + "\0").getBytes(UTF_8));
            } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                digest.update("dir\0".getBytes(UTF_8));
            } else {
                digest.update("file\0".getBytes(UTF_8));
                try (InputStream in = Files.newInputStream(entry)) {
                    byte[] buffer = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static SortedSet<String> beside(Path installDir) throws IOException {
        try (Stream<Path> names = Files.list(installDir.getParent())) {
            return names.map(p -> p.getFileName().toString()).collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
        }
    }

    private static Path canonical(Path path) {
        Path p = path.toAbsolutePath().normalize();
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
