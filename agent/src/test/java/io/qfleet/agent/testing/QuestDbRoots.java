package io.qfleet.agent.testing;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.process.DirectQuestDbProcess;
import io.qfleet.agent.process.QuestDbLaunch;
import io.qfleet.agent.questdb.ProbeResult;
import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.questdb.StatusProbe;
import io.qfleet.agent.serverconf.HostPort;
import io.qfleet.agent.serverconf.QuestDbEndpoints;
import io.qfleet.agent.serverconf.ServerConf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * QuestDB roots for tests that run real OSS jars: a {@code conf/server.conf} with ephemeral loopback
 * ports and the small footprint from TOOLCHAIN.md (~270 MB RSS, ready in ~2 s), plus the jars and
 * JVM options. Never binds fixed ports: other processes on the machine may hold QuestDB's defaults.
 */
public final class QuestDbRoots {
    public static final String MAIN = QuestDbLaunch.OSS_MAIN;
    public static final String USER = "admin";
    public static final String PASSWORD = "quest";
    private static final List<String> JVM_ARGS = List.of("-Xms16m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final List<String> SMALL_FOOTPRINT = List.of(
            "shared.worker.count=1", "pg.worker.count=0", "http.worker.count=0", "line.tcp.writer.worker.count=0",
            "line.tcp.io.worker.count=0", "wal.apply.worker.count=0", "mat.view.refresh.worker.count=0",
            "line.udp.enabled=false", "telemetry.enabled=false");

    private QuestDbRoots() {
    }

    /** Creates {@code dir} with {@code conf/server.conf} (fresh ports) and returns it. */
    public static Path create(Path dir) {
        assignPorts(dir);
        return dir;
    }

    /** (Re)writes {@code conf/server.conf} with fresh ephemeral ports, e.g. to retry after a bind failure. */
    public static void assignPorts(Path root) {
        StringBuilder conf = new StringBuilder("# written by qfleet tests: ephemeral loopback ports, small footprint\n");
        SMALL_FOOTPRINT.forEach(line -> conf.append(line).append('\n'));
        for (String key : List.of("http.net.bind.to", "http.min.net.bind.to", "pg.net.bind.to", "line.tcp.net.bind.to")) {
            conf.append(key).append("=127.0.0.1:").append(freePort()).append('\n');
        }
        try {
            Files.createDirectories(root.resolve("conf"));
            Files.writeString(root.resolve("conf/server.conf"), conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code jar} once on {@code root}, which has no server.conf, so QuestDB writes its own
     * commented template there, and stops it (SIGTERM, exit 143). Ports and the small footprint come
     * as {@code QDB_*} environment variables, which beat the file: no fixed port is bound and the
     * template stays exactly QuestDB's.
     */
    public static void writeTemplateByFirstStart(Path root, Path jar, Duration timeout) {
        Path confFile = root.resolve("conf/server.conf");
        if (Files.exists(confFile)) {
            throw new IllegalStateException(confFile + " exists: QuestDB writes its template only where there is none");
        }
        try {
            Path log = Files.createDirectories(root.resolve("log")).resolve("questdb.log");
            ProcessBuilder builder = new ProcessBuilder(launch(root).command(jar, null, MAIN)).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            int httpMin = freePort();
            Map<String, String> env = builder.environment();
            env.put("QDB_HTTP_NET_BIND_TO", "127.0.0.1:" + freePort());
            env.put("QDB_HTTP_MIN_NET_BIND_TO", "127.0.0.1:" + httpMin);
            env.put("QDB_PG_NET_BIND_TO", "127.0.0.1:" + freePort());
            env.put("QDB_LINE_TCP_NET_BIND_TO", "127.0.0.1:" + freePort());
            for (String line : SMALL_FOOTPRINT) {
                int eq = line.indexOf('=');
                env.put("QDB_" + line.substring(0, eq).toUpperCase(Locale.ROOT).replace('.', '_'), line.substring(eq + 1));
            }
            Process process = builder.start();
            try {
                process.getOutputStream().close();
                long deadline = System.nanoTime() + timeout.toNanos();
                while (StatusProbe.probe(new HostPort("127.0.0.1", httpMin), Duration.ofSeconds(2)) != ProbeResult.HEALTHY) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("first start not healthy (exit " + (process.isAlive() ? "none" : process.exitValue())
                                + "):\n" + Files.readString(log));
                    }
                    sleep(100);
                }
            } finally {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly(); // our own test child: never outlive the build
                    throw new IllegalStateException("pid " + process.pid() + " ignored SIGTERM");
                }
            }
            if (process.exitValue() != 143) {
                throw new IllegalStateException("first start exited " + process.exitValue() + " after SIGTERM (expected 143)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static QuestDbEndpoints endpoints(Path root) {
        return QuestDbEndpoints.from(ServerConf.read(root.resolve("conf/server.conf")));
    }

    public static QuestDbSql sql(Path root) {
        return new QuestDbSql(endpoints(root).pg(), USER, () -> PASSWORD, Duration.ofSeconds(30));
    }

    public static String jdbcUrl(Path root) {
        return "jdbc:postgresql://" + endpoints(root).pg() + "/qdb?sslmode=disable&connectTimeout=5&socketTimeout=60";
    }

    public static List<String> jvmArgs() {
        return JVM_ARGS;
    }

    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Launch settings for {@code root}: this JVM's java, {@link #jvmArgs()}, log in {@code <root>/log/questdb.log}. */
    public static QuestDbLaunch launch(Path root) {
        return new QuestDbLaunch(javaExecutable(), jvmArgs(), root, root.resolve("log/questdb.log"));
    }

    /** QuestDB 8.1.4, the upgrade source. */
    public static Path sourceJar() {
        return jar("questdb.jar.source");
    }

    /** QuestDB 9.2.2, the upgrade target. */
    public static Path targetJar() {
        return jar("questdb.jar.target");
    }

    /** Starts {@code jar} on the process's root and waits until ready; retries once with new ports on a bind failure. */
    public static long startReady(DirectQuestDbProcess process, Path jar, Duration timeout) {
        Path root = process.launch().questdbRoot();
        for (int attempt = 1; ; attempt++) {
            long pid = process.start(jar, null, MAIN);
            try {
                awaitReady(root, process::exitCodeIfExited, timeout);
                return pid;
            } catch (IllegalStateException e) {
                boolean bindFailure = process.logTail(40).map(QuestDbRoots::isBindFailure).orElse(false);
                if (attempt > 1 || !bindFailure || process.exitCodeIfExited().isEmpty()) {
                    throw e;
                }
                assignPorts(root);
            }
        }
    }

    /** Polls /status (HEALTHY) and {@code SELECT 1} until both answer; fails fast when {@code exited} reports an exit. */
    public static void awaitReady(Path root, Supplier<Optional<Integer>> exited, Duration timeout) {
        QuestDbEndpoints endpoints = endpoints(root);
        QuestDbSql sql = sql(root);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Integer> exit = exited.get();
            if (exit.isPresent()) {
                throw new IllegalStateException("QuestDB on " + root + " exited with " + exit.get() + ":\n" + logTail(root));
            }
            if (StatusProbe.probe(endpoints.httpMin(), Duration.ofSeconds(2)) == ProbeResult.HEALTHY && sql.answers()) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("QuestDB on " + root + " not ready within " + timeout + ":\n" + logTail(root));
    }

    private static String logTail(Path root) {
        try {
            List<String> lines = Files.readAllLines(root.resolve("log/questdb.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static boolean isBindFailure(String log) {
        return log.contains("could not bind") || log.contains("Address already in use") || log.contains("[98]");
    }

    private static Path jar(String property) {
        String value = requireNonNull(System.getProperty(property), property + " (set by the agent pom's surefire/failsafe)");
        Path jar = Path.of(value);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(property + ": " + jar + " missing (run mvn process-test-resources)");
        }
        return jar;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
