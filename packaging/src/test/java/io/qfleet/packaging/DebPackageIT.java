package io.qfleet.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The .deb on this machine, as root: {@code dpkg -i} (twice: the maintainer scripts run again
 * cleanly), the installed tree, the user, the class data sharing archive postinst makes,
 * {@code systemd-analyze verify} on the installed unit; the installed agent refusing the sample
 * settings until their TLS files exist, then, with files from {@code qfleet pki}, serving mTLS as
 * that user on the archive and passing the unit's probe; {@code dpkg -r} leaves only the conffiles,
 * {@code dpkg -P} nothing but the user. An existing questdb user and the admin's modes (dpkg-statoverride, a
 * chmod) survive installs. Works without systemd as PID 1 (CI, containers). Cleans up after
 * itself, also after a failure, and purges what an earlier interrupted run left before it starts.
 */
class DebPackageIT {
    private static final String PACKAGE = "qfleet-agent";
    private static final String USER = "questdb";
    private static final Duration DPKG = Duration.ofMinutes(3);
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final Set<String> CONFFILES = Set.of("/etc/default/qfleet-agent", "/etc/qfleet/agent.yaml");
    private static final Path UNIT = Path.of("/lib/systemd/system/qfleet-agent.service");
    private static final Path SETTINGS = Path.of("/etc/qfleet/agent.yaml");
    /** Where the sample settings expect the agent's TLS files and token (the operator puts them there). */
    private static final Path TLS_DIR = Path.of("/etc/qfleet/tls");
    private static final Path LAUNCHER = Path.of("/usr/lib/qfleet-agent/bin/qfleet-agent");
    /** Made by postinst for the host's java, deleted by prerm: not a file of the package. */
    private static final Path ARCHIVE = Path.of("/usr/lib/qfleet-agent/lib/qfleet-agent.jsa");
    private static final Path ENABLED = Path.of("/etc/systemd/system/multi-user.target.wants/qfleet-agent.service");
    private static final List<Path> STATE_DIRS = List.of(Path.of("/var/lib/qfleet-agent"), Path.of("/var/backups/qfleet"));
    /** Where a stray file named after qfleet would be; dpkg's own records are not the package's files. */
    private static final List<String> SCANNED = List.of("/etc", "/usr", "/var/lib", "/var/backups", "/opt");

    private boolean userExistedBefore;
    private Path runDir;

    @BeforeEach
    void requireRootAndDpkg() throws Exception {
        assumeTrue(Command.onPath("dpkg"), "DebPackageIT skipped: dpkg is not installed (not a Debian-like system)");
        String uid = Command.runOk(SHORT, "id", "-u").output().trim();
        assumeTrue(uid.equals("0"), "DebPackageIT skipped: dpkg -i needs root (uid " + uid + "); CI runs it as root");
        removePackageAndOverride(); // what an interrupted run left
        // A run killed before its cleanup leaves the user, which then counts as the host's own.
        userExistedBefore = Command.run(SHORT, "getent", "passwd", USER).exit() == 0;
    }

    @AfterEach
    void cleanUp() throws Exception {
        removePackageAndOverride();
        if (!userExistedBefore && Command.run(SHORT, "getent", "passwd", USER).exit() == 0) {
            Command.runOk(SHORT, "userdel", USER);
            if (Command.run(SHORT, "getent", "group", USER).exit() == 0) {
                Command.runOk(SHORT, "groupdel", USER);
            }
        }
        if (runDir != null) {
            deleteTree(runDir);
        }
    }

    @Test
    void installRunRemovePurge() throws Exception {
        Set<String> packaged = packagedPaths();
        dpkg("-i", PackagingFiles.deb().toString());
        assertInstalled(packaged);

        dpkg("-i", PackagingFiles.deb().toString()); // again: postinst must be idempotent
        assertInstalled(packaged);
        assertEquals(1, Command.runOk(SHORT, "getent", "passwd").output().lines().filter(l -> l.startsWith(USER + ":")).count());

        assertInstalledAgentServesAsTheUser();

        dpkg("-r", PACKAGE);
        assertEquals("deinstall ok config-files", status());
        assertFalse(Files.exists(ARCHIVE), "prerm deleted the archive postinst made");
        for (String path : packaged) {
            assertEquals(CONFFILES.contains(path), Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS), path);
        }
        STATE_DIRS.forEach(dir -> assertFalse(Files.exists(dir), dir + " (empty) removed"));
        assertFalse(Files.exists(ENABLED, LinkOption.NOFOLLOW_LINKS), "enable symlink removed");
        assertEquals(Set.of("/etc/default/qfleet-agent", "/etc/qfleet"), strays(), "only the conffiles stay");

        assertTrue(Files.isDirectory(TLS_DIR), "the operator's TLS files stay until purge");
        dpkg("-P", PACKAGE);
        assertFalse(known(), "purged: dpkg forgot " + PACKAGE);
        assertFalse(Files.exists(TLS_DIR), "purge deletes the agent's TLS files with its settings");
        assertEquals(Set.of(), strays());
        assertEquals(0, Command.run(SHORT, "getent", "passwd", USER).exit(), "the user stays (it may own QuestDB's data)");
    }

    @Test
    void existingUserAndTheAdminsModesAreKept() throws Exception {
        assumeTrue(!userExistedBefore, "skipped: this host has its own " + USER + " user");
        // QuestDB's own docs create a regular (non-system) questdb user; adduser --system would refuse it.
        Command.runOk(SHORT, "useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", USER);
        String uid = Command.runOk(SHORT, "id", "-u", USER).output().trim();
        Command.runOk(SHORT, "dpkg-statoverride", "--add", "root", "root", "0600", SETTINGS.toString());

        dpkg("-i", PackagingFiles.deb().toString());
        assertEquals(uid, Command.runOk(SHORT, "id", "-u", USER).output().trim(), "the existing user is used as it is");
        assertOwned(SETTINGS, "root", "root", "rw-------");

        Files.setPosixFilePermissions(STATE_DIRS.get(1), PosixFilePermissions.fromString("rwx------"));
        dpkg("-i", PackagingFiles.deb().toString());
        assertOwned(STATE_DIRS.get(1), USER, USER, "rwx------");
        assertOwned(SETTINGS, "root", "root", "rw-------");
    }

    private static void removePackageAndOverride() throws Exception {
        if (known()) {
            dpkg("-P", PACKAGE);
        }
        if (Command.run(SHORT, "dpkg-statoverride", "--list", SETTINGS.toString()).exit() == 0) {
            Command.runOk(SHORT, "dpkg-statoverride", "--remove", SETTINGS.toString());
        }
    }

    private void assertInstalled(Set<String> packaged) throws Exception {
        assertEquals("install ok installed", status());
        packaged.forEach(path -> assertTrue(Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS), path));
        assertEquals(LAUNCHER, Path.of("/usr/bin/qfleet-agent").toRealPath());
        assertTrue(Files.isExecutable(LAUNCHER));
        assertTrue(packaged.contains("/usr/lib/qfleet-agent/conf/jvm.options"), "beside bin/, where the launcher reads it");
        assertFalse(packaged.contains(ARCHIVE.toString()), "the archive is made for the host's java, not shipped");
        assertTrue(Files.size(ARCHIVE) > 1 << 20, "postinst made the archive: " + Files.size(ARCHIVE) + " bytes");
        assertOwned(ARCHIVE, "root", "root", "r--r--r--"); // as -Xshare:dump writes it
        assertEquals(CONFFILES, conffiles());

        String[] passwd = Command.runOk(SHORT, "getent", "passwd", USER).output().trim().split(":");
        if (!userExistedBefore) {
            assertTrue(Integer.parseInt(passwd[2]) < 1000, "system uid: " + passwd[2]);
            assertEquals("/usr/sbin/nologin", passwd[6]);
        }
        String group = Command.runOk(SHORT, "id", "-gn", USER).output().trim();
        assertOwned(SETTINGS, "root", group, "rw-r-----");
        for (Path dir : STATE_DIRS) {
            assertOwned(dir, USER, group, "rwxr-x---");
        }

        assertEquals(UNIT, Files.readSymbolicLink(ENABLED), "enabled like debhelper does, without systemd running");
        Command.Result verify = Command.run(SHORT, "systemd-analyze", "verify", UNIT.toString());
        assertEquals(0, verify.exit(), verify.output());
        assertEquals("", verify.output(), "systemd-analyze verify printed warnings");
    }

    /**
     * The installed launcher and jar, run as the packaged user with the packaged settings (only the port
     * and the agent's own dirs changed, to stay off fixed ports and the package's dirs): refused while
     * the TLS files are missing, then serving mTLS on the archive; and the probe the unit runs after it.
     */
    private void assertInstalledAgentServesAsTheUser() throws Exception {
        runDir = Files.createTempDirectory("qfleet-deb-it-");
        Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Command.runOk(SHORT, "install", "-d", "-o", USER, "-g", USER, runDir.resolve("state").toString());
        List<String> asUser = List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups", "--");

        Command.Result refused = Command.run(SHORT, concat(asUser, "/usr/bin/qfleet-agent", "--settings", SETTINGS.toString()));
        assertEquals(2, refused.exit(), "a fresh install refuses to start without TLS files: " + refused.output());
        assertTrue(refused.output().contains(TLS_DIR + "/agent.crt"), "names the missing file: " + refused.output());

        installTlsFilesLikeTheSampleSays();
        String sample = Files.readString(SETTINGS);
        try (AgentLaunch agent = AgentLaunch.start(concat(asUser, "/usr/bin/qfleet-agent"), runDir, port -> sample
                .replaceFirst("(?m)^listen: .*$", "listen: 127.0.0.1:" + port)
                .replaceFirst("(?m)^state_dir: .*$", "state_dir: " + runDir.resolve("state"))
                .replaceFirst("(?m)^staging_dir: .*$", "staging_dir: " + runDir.resolve("state/staging"))
                .replaceFirst("(?m)^backup_dir: .*$", "backup_dir: " + runDir.resolve("state/backups")))) {
            Command.Result health = Command.run(SHORT, concat(asUser, "/usr/bin/qfleet-agent", "health", "--settings",
                    agent.settings.toString(), "--timeout", "60"));

            assertEquals(0, health.exit(), health.output());
            assertTrue(health.output().contains(" is SERVING"), health.output());
            assertEquals(ARCHIVE, agent.sharedArchive(), "starts on postinst's archive, which the agent cannot write");
            assertEquals(USER, Files.getOwner(runDir.resolve("state/staging")).getName(), "state written as " + USER);
            assertEquals(143, agent.stop(), agent.output());
        }
    }

    /** {@code qfleet pki} on the "operator's machine", then the install commands of the sample's comments. */
    private void installTlsFilesLikeTheSampleSays() throws Exception {
        String pki = runDir.resolve("qfleet-pki").toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String[] args : new String[][] {{"init"}, {"issue-agent", "127.0.0.1"}, {"token"}}) {
            List<String> command = concat(concat(List.of(java, "-jar", PackagingFiles.coordinatorJar().toString(), "pki"), args),
                    "--dir", pki);
            Command.run(SHORT, command).requireSuccess(command);
        }
        Command.runOk(SHORT, "install", "-d", "-m", "0750", "-g", USER, TLS_DIR.toString());
        Command.runOk(SHORT, "install", "-m", "0644", pki + "/ca.crt", TLS_DIR + "/ca.crt");
        Command.runOk(SHORT, "install", "-m", "0644", pki + "/agent-127.0.0.1.crt", TLS_DIR + "/agent.crt");
        Command.runOk(SHORT, "install", "-m", "0600", "-o", USER, "-g", USER, pki + "/agent-127.0.0.1.key", TLS_DIR + "/agent.key");
        Command.runOk(SHORT, "install", "-m", "0600", "-o", USER, "-g", USER, pki + "/token", TLS_DIR + "/token");
    }

    private static void assertOwned(Path path, String owner, String group, String permissions) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertEquals(owner + ":" + group + " " + permissions, attributes.owner().getName() + ":" + attributes.group().getName()
                + " " + PosixFilePermissions.toString(attributes.permissions()), path.toString());
    }

    /** Files and links in the .deb (not directories, which other packages share). */
    private static Set<String> packagedPaths() throws Exception {
        Set<String> paths = new TreeSet<>();
        for (String line : Command.runOk(SHORT, "dpkg-deb", "-c", PackagingFiles.deb().toString()).output().lines().toList()) {
            if (line.startsWith("d")) {
                continue;
            }
            String name = line.substring(line.indexOf("./") + 1);
            int arrow = name.indexOf(" -> ");
            paths.add(arrow < 0 ? name : name.substring(0, arrow));
        }
        assertTrue(paths.contains("/usr/lib/qfleet-agent/lib/qfleet-agent.jar"), paths.toString());
        return paths;
    }

    private static Set<String> conffiles() throws Exception {
        Set<String> files = new TreeSet<>();
        String listed = Command.runOk(SHORT, "dpkg-query", "-W", "-f=${Conffiles}", PACKAGE).output();
        listed.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(l -> files.add(l.split(" ")[0]));
        return files;
    }

    /** Every path named *qfleet* under {@link #SCANNED}, but dpkg's records of the package. */
    private static Set<String> strays() throws Exception {
        List<String> find = concat(List.of("find"), SCANNED.stream().filter(dir -> Files.isDirectory(Path.of(dir))).toArray(String[]::new));
        find = concat(find, "-xdev", "-name", "*qfleet*", "-not", "-path", "/var/lib/dpkg/*");
        Command.Result result = Command.run(Duration.ofMinutes(2), find);
        return new TreeSet<>(result.output().lines().filter(line -> line.startsWith("/")).toList());
    }

    private static String status() throws Exception {
        return Command.runOk(SHORT, "dpkg-query", "-W", "-f=${Status}", PACKAGE).output().trim();
    }

    private static boolean known() throws Exception {
        Command.Result result = Command.run(SHORT, "dpkg-query", "-W", "-f=${Status}", PACKAGE);
        return result.exit() == 0 && !result.output().contains("not-installed");
    }

    /** dpkg, waiting while another dpkg or apt holds the lock (shared build machines). */
    private static void dpkg(String... args) throws Exception {
        List<String> command = concat(List.of("dpkg"), args);
        long deadline = System.nanoTime() + DPKG.toNanos();
        while (true) {
            Command.Result result = Command.run(DPKG, command);
            if (result.exit() == 0) {
                return;
            }
            if (!result.output().contains("lock") || System.nanoTime() > deadline) {
                throw new AssertionError(String.join(" ", command) + " exited " + result.exit() + ":\n" + result.output());
            }
            Thread.sleep(2_000);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        return Stream.concat(head.stream(), Stream.of(tail)).toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
