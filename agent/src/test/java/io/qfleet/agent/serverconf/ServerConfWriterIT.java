package io.qfleet.agent.serverconf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.process.DirectQuestDbProcess;
import io.qfleet.agent.process.StopResult;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real QuestDB 9.2.2: the template it writes round-trips through the editor byte for byte; an
 * Enterprise key in its strict conf makes it exit 55 (so the guard matters); the writer refuses that
 * key on Open Source; a simulated Enterprise write stripped for a rollback starts healthy again.
 */
class ServerConfWriterIT {
    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final String TEMPLATE_ENTRY = "io/questdb/site/conf/server.conf";
    private static final String SECRET = "It-S3cr3t-n0t-for-l0gs";
    private static final Map<String, String> SMALL_FOOTPRINT = footprint();

    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    private final List<DirectQuestDbProcess> started = new ArrayList<>();
    @TempDir
    Path tmp;

    @AfterEach
    void stopAll() {
        List<String> lingering = new ArrayList<>();
        for (DirectQuestDbProcess p : started) {
            try {
                p.stop(STOP);
            } catch (AgentException e) {
                lingering.add(e.getMessage());
            }
        }
        if (!lingering.isEmpty()) {
            fail("QuestDB did not stop: " + lingering);
        }
    }

    /**
     * OSS strict validation accepts the paths of {@code io.questdb.PropertyKey} (plus {@code http.redirect.N}):
     * none may be classified Enterprise-only, and every other key of the OSS template must be.
     */
    @Test
    void enterpriseKeysMatchTheOss922Binary() throws Exception {
        Set<String> ossKeys = propertyKeys(QuestDbRoots.targetJar());
        System.out.println("OSS 9.2.2 PropertyKey paths: " + ossKeys.size());
        assertTrue(ossKeys.size() > 500, "read the enum: " + ossKeys.size());
        assertTrue(ossKeys.contains("cairo.snapshot.instance.id"), "OSS knows the instance id");
        assertTrue(ossKeys.contains("config.validation.strict"));
        List<String> misclassified = ossKeys.stream().filter(EnterpriseKeys::isEnterpriseOnly).toList();
        assertEquals(List.of(), misclassified, "OSS 9.2.2 keys classified Enterprise-only");
        assertEquals(List.of(), ossKeys.stream().filter(k -> k.startsWith("backup.")).toList(), "no OSS backup.* key");

        String template = new String(templateFromJar(QuestDbRoots.targetJar()), StandardCharsets.ISO_8859_1);
        Map<String, Integer> templateKeys = templateKeys(template);
        int enterpriseSection = lineOf(template, "Enterprise configuration options");
        Set<String> enterprise = new TreeSet<>();
        List<String> unclassified = new ArrayList<>();
        for (String key : templateKeys.keySet()) {
            boolean oss = ossKeys.contains(key) || key.matches("http\\.redirect\\.\\d+");
            if (!oss && !EnterpriseKeys.isEnterpriseOnly(key)) {
                unclassified.add(key);
            }
            if (!oss) {
                enterprise.add(key);
            }
        }
        System.out.println("template keys: " + templateKeys.size() + ", unknown to OSS and classified Enterprise-only: " + enterprise.size());
        assertEquals(List.of(), unclassified, "template keys OSS does not know, not classified Enterprise-only");
        for (String key : enterprise) {
            assertTrue(templateKeys.get(key) > enterpriseSection, key + " (line " + templateKeys.get(key)
                    + ") sits in the template's Enterprise section (from line " + enterpriseSection + ")");
        }
        for (EnterpriseKeys.Rule rule : EnterpriseKeys.rules()) {
            System.out.println("  " + rule.pattern() + (rule.isPrefix() ? "*" : "") + "  template keys: "
                    + enterprise.stream().filter(rule::matches).count());
        }
    }

    @Test
    void realTemplateRoundTripsAndTheGuardKeepsOss922Startable() throws Exception {
        Path root = stopper.watch(Files.createDirectories(tmp.resolve("root")));
        Path confFile = root.resolve("conf/server.conf");

        // 1. First start on an empty root: QuestDB writes its commented template. Ports come as QDB_* env,
        //    which beats the file, so no fixed port is bound and the template stays QuestDB's own.
        long t0 = System.nanoTime();
        QuestDbRoots.writeTemplateByFirstStart(root, QuestDbRoots.targetJar(), READY);
        byte[] template = Files.readAllBytes(confFile);
        List<String> lines = new String(template, StandardCharsets.ISO_8859_1).lines().toList();
        System.out.println("template: " + template.length + " bytes, " + lines.size() + " lines, first start+stop " + millis(t0) + " ms");
        assertEquals("config.validation.strict=true", lines.get(1), "strict on line 2");
        assertArrayEquals(templateFromJar(QuestDbRoots.targetJar()), template, "QuestDB writes its jar's template as is");

        // 2. The editor gives the template back byte for byte, and edits only what it is told to.
        Clock clock = Clock.systemUTC();
        assertArrayEquals(template, ServerConfEdit.of(ServerConf.read(confFile), clock).bytes());
        ServerConfEdit ports = ServerConfEdit.of(ServerConf.read(confFile), clock);
        for (String key : List.of("http.net.bind.to", "http.min.net.bind.to", "pg.net.bind.to", "line.tcp.net.bind.to")) {
            ports.set(key, "127.0.0.1:" + freePort());
        }
        SMALL_FOOTPRINT.forEach(ports::set);
        ServerConfWriter.Result written = ServerConfWriter.write(confFile, ports, Edition.OPEN_SOURCE);
        System.out.println("OSS conf: " + written.summary());
        assertArrayEquals(template, Files.readAllBytes(written.previous().orElseThrow()), "previous file kept");
        byte[] ossConf = Files.readAllBytes(confFile);
        assertTrue(new String(ossConf, StandardCharsets.ISO_8859_1).startsWith(new String(template, StandardCharsets.ISO_8859_1)),
                "template untouched, the keys appended in the qfleet block");

        // 3. Bypassing the guard: acl.enabled=true written with a plain write makes 9.2.2 exit 55.
        Files.write(confFile, concat(ossConf, "acl.enabled=true\n".getBytes(StandardCharsets.ISO_8859_1)));
        DirectQuestDbProcess questdb = new DirectQuestDbProcess(QuestDbRoots.launch(root));
        started.add(questdb);
        long t1 = System.nanoTime();
        questdb.start(QuestDbRoots.targetJar(), null, QuestDbRoots.MAIN);
        int exit = awaitExit(questdb, EXIT);
        String exitLog = questdb.logTail(60).orElse("");
        System.out.println("9.2.2 with acl.enabled=true: exit " + exit + " after " + millis(t1) + " ms");
        assertEquals(55, exit, exitLog);
        assertTrue(exitLog.contains("Invalid settings") && exitLog.contains("acl.enabled"), exitLog);

        // 4. The writer refuses the same edit on Open Source binaries and leaves the file as it was.
        Files.write(confFile, ossConf);
        ServerConfEdit acl = ServerConfEdit.of(ServerConf.read(confFile), clock).set("acl.enabled", "true");
        AgentException refused = assertThrows(AgentException.class, () -> ServerConfWriter.write(confFile, acl, Edition.OPEN_SOURCE));
        System.out.println("refused: " + refused.reason() + ": " + refused.getMessage());
        assertEquals("enterprise_key_on_open_source", refused.reason());
        assertTrue(refused.getMessage().contains("acl.enabled"));
        assertArrayEquals(ossConf, Files.readAllBytes(confFile));
        assertEquals(1, backups(confFile).size(), "no copy for a refused write");

        // 5. Simulated Enterprise write (as after the swap), then the rollback strip: 9.2.2 starts healthy.
        ServerConfEdit ee = ServerConfEdit.of(ServerConf.read(confFile), clock)
                .set("acl.enabled", "true").set("acl.admin.user", "admin").set("acl.admin.password", SECRET)
                .set("line.tcp.acl.enabled", "false").set("tls.enabled", "false")
                .set("replication.role", "primary")
                .set("replication.object.store", "s3::bucket=b;root=db1;region=eu-west-1;access_key_id=AKIA1;secret_access_key=" + SECRET + ";");
        System.out.println("EE diff: " + ee.diff());
        assertFalse(ee.diff().toString().contains(SECRET));
        assertTrue(ServerConfWriter.write(confFile, ee, Edition.ENTERPRISE).written());
        ServerConfEdit strip = ServerConfWriter.stripEnterpriseKeys(ServerConfEdit.of(ServerConf.read(confFile), clock));
        System.out.println("strip: " + strip.describeChanges());
        ServerConfWriter.write(confFile, strip, Edition.OPEN_SOURCE);
        assertArrayEquals(ossConf, Files.readAllBytes(confFile), "the strip is exact");

        Path log = questdb.launch().logFile();
        long logOffset = Files.size(log);
        long t2 = System.nanoTime();
        questdb.start(QuestDbRoots.targetJar(), null, QuestDbRoots.MAIN);
        QuestDbRoots.awaitReady(root, questdb::exitCodeIfExited, READY);
        System.out.println("9.2.2 on the stripped conf: ready after " + millis(t2) + " ms");
        StopResult stop = questdb.stop(STOP);
        assertEquals(Integer.valueOf(143), stop.exitCode());
        String lastRun = new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).substring((int) logOffset);
        assertTrue(lastRun.contains("enjoy"), lastRun);
        assertFalse(lastRun.contains("Configuration issues"), "strict validation found nothing: " + lastRun);
    }

    private static int awaitExit(DirectQuestDbProcess questdb, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Integer> exit = questdb.exitCodeIfExited();
            if (exit.isPresent()) {
                return exit.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("QuestDB still runs after " + timeout + " (expected: exit 55)");
    }

    /** The paths of the jar's {@code io.questdb.PropertyKey} enum, read in an isolated class loader. */
    private static Set<String> propertyKeys(Path jar) throws Exception {
        Set<String> keys = new TreeSet<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> propertyKey = Class.forName("io.questdb.PropertyKey", true, loader);
            for (Object constant : propertyKey.getEnumConstants()) {
                keys.add((String) propertyKey.getMethod("getPropertyPath").invoke(constant));
            }
        }
        return keys;
    }

    private static byte[] templateFromJar(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(TEMPLATE_ENTRY))) {
            return in.readAllBytes();
        }
    }

    /** Keys of the template's definitions and commented-out definitions ({@code #key=value}), with their first line. */
    private static Map<String, Integer> templateKeys(String template) {
        Map<String, Integer> keys = new TreeMap<>();
        List<String> lines = template.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).replaceFirst("^#+\\s?", "");
            int eq = s.indexOf('=');
            if (eq > 0 && s.substring(0, eq).matches("[a-z][a-z0-9_.]*[a-z0-9]") && s.substring(0, eq).contains(".")) {
                keys.putIfAbsent(s.substring(0, eq), i + 1);
            }
        }
        return keys;
    }

    private static int lineOf(String text, String marker) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with '" + marker + "'");
    }

    private static List<Path> backups(Path confFile) throws IOException {
        try (Stream<Path> files = Files.list(confFile.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith("server.conf.qfleet-")).toList();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Map<String, String> footprint() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String key : List.of("pg.worker.count", "http.worker.count", "line.tcp.writer.worker.count", "line.tcp.io.worker.count",
                "wal.apply.worker.count", "mat.view.refresh.worker.count")) {
            keys.put(key, "0");
        }
        keys.put("shared.worker.count", "1");
        keys.put("line.udp.enabled", "false");
        keys.put("telemetry.enabled", "false");
        return keys;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
