package io.qfleet.coordinator.demo;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.fleet.AgentAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A temporary fleet on this machine for {@code qfleet demo}: {@code hosts} QuestDB 8.1.4 servers, each
 * seeded with sample data and watched by its own agent on its own loopback address (127.0.0.2, .3, ...), which
 * serves mTLS and asks for a token, with a CA, certificates and token made in {@code <workDir>/pki}.
 * {@link #close()} stops every server and agent and deletes the work dir, unless {@link #keep()} was called.
 */
public final class LocalFleet implements AutoCloseable {
    private static final int MAX_HOSTS = 250; // 127.0.0.2 .. 127.0.0.251

    private final Path workDir;
    private final Consumer<String> log;
    private final List<HostFixture> fixtures = new CopyOnWriteArrayList<>();
    private volatile List<DemoHost> hosts = List.of();
    private volatile DemoPki pki;
    private boolean keep;
    private boolean closed;

    private LocalFleet(Path workDir, Consumer<String> log) {
        this.workDir = workDir;
        this.log = log;
    }

    /**
     * Lays out, starts and seeds the fleet. {@code workDir} must be absent or empty, since close() deletes it.
     * On failure every process started so far is stopped and the work dir deleted before the exception
     * (with the failing process's exit code and log tail) propagates.
     */
    public static LocalFleet create(DemoResources resources, int hosts, long rows, Path workDir, Consumer<String> log) {
        requireNonNull(resources, "resources");
        requireNonNull(workDir, "workDir");
        requireNonNull(log, "log");
        if (hosts < 1 || hosts > MAX_HOSTS) {
            throw new IllegalArgumentException("hosts: " + hosts + " (expected: 1-" + MAX_HOSTS + ")");
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows: " + rows + " (expected: > 0)");
        }
        LocalFleet fleet = new LocalFleet(emptyDir(workDir), log);
        // Ctrl-C while the fleet starts must not orphan servers: nobody holds a reference to close yet.
        Thread hook = new Thread(fleet::close, "qfleet-demo-fleet-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            fleet.start(resources, hosts, rows);
            return fleet;
        } catch (RuntimeException | Error e) {
            try {
                fleet.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and the hook is running or has run
            }
        }
    }

    private void start(DemoResources resources, int count, long rows) {
        long started = System.nanoTime();
        pki = DemoPki.create(workDir);
        for (int i = 1; i <= count; i++) {
            add(HostFixture.prepare(i, workDir, resources, pki));
        }
        // Servers boot side by side, then seed one at a time (~0.7 s per 1M rows). On 2 cores this measured no
        // slower than one after another (3 hosts: 11.0 vs 11.2-11.6 s) and wins wherever there are more cores.
        fixtures.forEach(host -> host.launchQuestDb(resources.javaExecutable()));
        for (HostFixture host : fixtures) {
            host.awaitQuestDb(resources.javaExecutable(), log);
            host.seed(rows, log);
        }
        fixtures.forEach(host -> host.launchAgent(resources.agentCommand()));
        fixtures.forEach(host -> host.awaitAgent(log));
        hosts = fixtures.stream().map(HostFixture::toDemoHost).toList();
        log.accept(String.format("fleet of %d ready in %s (%s)", count, since(started), workDir));
    }

    /** A host added after close() would never be stopped: refuse it (close() from the shutdown hook). */
    private synchronized void add(HostFixture host) {
        if (closed) {
            throw new IllegalStateException("fleet closed while starting");
        }
        fixtures.add(host);
    }

    public List<DemoHost> hosts() {
        return hosts;
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * {@code workDir/nfs}: every demo agent's {@code replication.fs_store_dirs}, standing in for an NFS
     * export the hosts share; fs:: stores in a demo fleet file go below it.
     */
    public Path fsStoreDir() {
        return fsStoreDir(workDir);
    }

    static Path fsStoreDir(Path workDir) {
        return workDir.resolve("nfs");
    }

    /** Writes {@code workDir/fleet.yaml}: the target distribution, every host's agent and the demo's timeouts. */
    public Path writeFleetFile(PackedDistribution target) {
        requireNonNull(target, "target");
        Path file = workDir.resolve("fleet.yaml");
        DemoYaml.writeFleetFile(file, target, hosts, pki);
        return file;
    }

    /** How the coordinator reaches this fleet's agents: mTLS with the demo's client certificate, and its token. */
    public AgentAccess agentAccess() {
        return pki.access();
    }

    /** The fleet file's {@code agents} section for this fleet (absolute paths), for fleet files written elsewhere. */
    public String agentsYaml() {
        return DemoYaml.agentsSection(pki);
    }

    /** A certificate and key from the fleet's CA for one more agent listening on {@code listenHost} (tests). */
    public List<Path> issueAgentTls(String listenHost) {
        DemoPki.AgentTlsFiles files = pki.issueAgent(listenHost);
        return List.of(files.cert(), files.key());
    }

    /** Makes {@link #close()} leave every process running and every file on disk, and log how to stop them. */
    public synchronized void keep() {
        keep = true;
    }

    /**
     * Stops every QuestDB server serving a host's root (the fleet's 8.1.4 or the agent's 9.2.2) and every
     * agent, then deletes the work dir. Idempotent and thread-safe: callers may run it from their own
     * shutdown hook once create() has returned (create() covers its own window).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (keep) {
            fixtures.forEach(host -> log.accept(host.keepLine()));
            return;
        }
        RuntimeException failure = null;
        for (HostFixture host : fixtures) {
            try {
                host.stop(log);
            } catch (RuntimeException e) {
                failure = add(failure, e);
            }
        }
        try {
            deleteRecursively(workDir);
        } catch (UncheckedIOException e) {
            failure = add(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    static String since(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static RuntimeException add(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static Path emptyDir(Path workDir) {
        Path dir = workDir.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("workDir: " + dir + " is not empty (close() deletes it)");
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
