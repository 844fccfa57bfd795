package io.qfleet.coordinator.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One demo host: its directory (install dir, root, agent state), its QuestDB server and its agent.
 * {@link LocalFleet} drives the phases across hosts so servers boot side by side.
 */
final class HostFixture {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SERVING_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUESTDB_STOP = Duration.ofSeconds(30);
    private static final Duration AGENT_STOP = Duration.ofSeconds(10);

    private final String name;
    private final Path dir;
    private final Path root;
    private final Path installDir;
    private final Path settings;
    private final String listenHost;
    private final DemoPki pki;
    private DemoServerConf serverConf;
    private ChildProcess questdb;
    private long questdbLaunched;
    private ChildProcess agent;
    private DemoAgent.Address agentAddress;
    private long seededRows;
    private boolean stopped;

    private HostFixture(int index, Path workDir, DemoPki pki) {
        this.pki = pki;
        this.name = "demo-" + index;
        this.dir = workDir.resolve(name);
        this.root = dir.resolve("root");
        this.installDir = dir.resolve("questdb");
        this.settings = dir.resolve("agent.yaml");
        this.listenHost = "127.0.0." + (index + 1); // Linux routes all of 127/8 to lo: one address per host
    }

    /** Lays out {@code workDir/demo-<index>/}: the 8.1.4 install dir, a root with server.conf, agent dirs and settings. */
    static HostFixture prepare(int index, Path workDir, DemoResources resources, DemoPki pki) {
        HostFixture host = new HostFixture(index, workDir, pki);
        try {
            Files.createDirectories(host.installDir);
            Files.copy(resources.sourceJar(), host.installDir.resolve("questdb.jar"));
            Files.createDirectories(host.dir.resolve("state"));
            Files.createDirectories(host.dir.resolve("staging"));
        } catch (IOException e) {
            throw new UncheckedIOException(host.name + ": cannot lay out " + host.dir, e);
        }
        host.serverConf = DemoServerConf.freshPorts();
        host.serverConf.write(host.root);
        DemoYaml.writeAgentSettings(host.settings, host.listenHost, host.dir, host.root, host.installDir, resources.javaExecutable(),
                pki.issueAgent(host.listenHost), LocalFleet.fsStoreDir(workDir));
        return host;
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    Path root() {
        return root;
    }

    DemoServerConf serverConf() {
        return serverConf;
    }

    // Launches and stop() share this object's lock, so a stop from a shutdown hook is never followed by a launch.
    synchronized void launchQuestDb(Path java) {
        refuseIfStopped();
        questdbLaunched = System.nanoTime();
        questdb = ChildProcess.start(name + " QuestDB " + DemoResources.SOURCE_VERSION,
                DemoQuestDb.command(java, installDir, root), dir, dir.resolve("questdb-" + DemoResources.SOURCE_VERSION + ".log"));
    }

    /** Waits for the server; when another process took one of its ports meanwhile, retries once with new ports. */
    void awaitQuestDb(Path java, Consumer<String> log) {
        try {
            DemoQuestDb.awaitReady(questdb, serverConf, READY_TIMEOUT);
        } catch (IllegalStateException e) {
            if (questdb.exitCode().isEmpty() || !DemoQuestDb.isBindFailure(questdb.tail(40))) {
                throw e;
            }
            log.accept(name + ": a QuestDB port was taken meanwhile; retrying with new ports");
            serverConf = DemoServerConf.freshPorts();
            serverConf.write(root);
            launchQuestDb(java);
            DemoQuestDb.awaitReady(questdb, serverConf, READY_TIMEOUT);
        }
        log.accept(String.format("%s: QuestDB %s ready on pg 127.0.0.1:%d (pid %d) in %s", name,
                DemoResources.SOURCE_VERSION, serverConf.pg(), questdb.pid(), LocalFleet.since(questdbLaunched)));
    }

    void seed(long rows, Consumer<String> log) {
        long started = System.nanoTime();
        seededRows = DemoSeeder.seed(serverConf, rows, APPLY_TIMEOUT);
        log.accept(String.format("%s: seeded %,d trades (WAL) and %,d sensors rows in %s", name, rows, seededRows - rows,
                LocalFleet.since(started)));
    }

    synchronized void launchAgent(List<String> agentCommand) {
        refuseIfStopped();
        List<String> command = new ArrayList<>(agentCommand);
        command.addAll(List.of("--settings", settings.toString()));
        agent = ChildProcess.start(name + " agent", command, dir, dir.resolve("agent.log"));
    }

    void awaitAgent(Consumer<String> log) {
        long started = System.nanoTime();
        agentAddress = DemoAgent.awaitServing(agent, SERVING_TIMEOUT);
        log.accept(String.format("%s: agent serving %s:%d (pid %d) in %s", name, agentAddress.host(), agentAddress.port(),
                agent.pid(), LocalFleet.since(started)));
    }

    DemoHost toDemoHost() {
        return new DemoHost(name, dir, root, installDir, agentAddress.host(), agentAddress.port(), seededRows,
                questdb.pid(), agent.pid(), pki.access());
    }

    /**
     * QuestDB first, whichever process serves the root now; then the agent (SIGKILL only if it ignores
     * SIGTERM); then QuestDB again, in case the agent started one while being stopped.
     */
    synchronized void stop(Consumer<String> log) {
        stopped = true;
        stopQuestDb(log);
        if (agent != null && agent.exitCode().isEmpty() && !agent.terminate(AGENT_STOP)) {
            log.accept(name + ": agent (pid " + agent.pid() + ") ignored SIGTERM for " + AGENT_STOP.toSeconds() + " s; killing it");
            agent.kill(AGENT_STOP);
        }
        stopQuestDb(log);
    }

    private void refuseIfStopped() {
        if (stopped) {
            throw new IllegalStateException(name + ": fleet closed while starting");
        }
    }

    private void stopQuestDb(Consumer<String> log) {
        List<ProcessHandle> servers = new ArrayList<>(QuestDbFinder.serving(root));
        if (questdb != null && questdb.exitCode().isEmpty() && servers.stream().noneMatch(p -> p.pid() == questdb.pid())) {
            servers.add(questdb.handle()); // our own child, matched by pid: its cmdline may not be exec'd yet
        }
        long started = System.nanoTime();
        servers.forEach(ProcessHandle::destroy);
        long deadline = started + QUESTDB_STOP.toNanos();
        for (ProcessHandle server : servers) {
            while (server.isAlive() && System.nanoTime() < deadline) {
                DemoQuestDb.sleep(50);
            }
            log.accept(server.isAlive()
                    ? name + ": QuestDB (pid " + server.pid() + ") still running " + QUESTDB_STOP.toSeconds() + " s after SIGTERM; left running"
                    : name + ": stopped QuestDB (pid " + server.pid() + ") in " + LocalFleet.since(started));
        }
    }

    /** For keep(): what still runs for this host and how to stop it. */
    String keepLine() {
        List<String> questdbPids = QuestDbFinder.serving(root).stream().map(p -> Long.toString(p.pid())).toList();
        String agentPid = agent != null && agent.exitCode().isEmpty() ? Long.toString(agent.pid()) : "";
        List<String> pids = new ArrayList<>(questdbPids);
        if (!agentPid.isEmpty()) {
            pids.add(agentPid);
        }
        if (pids.isEmpty()) {
            return name + ": nothing running; files in " + dir;
        }
        return String.format("%s: QuestDB pid %s, agent pid %s, files in %s; stop with: kill %s", name,
                questdbPids.isEmpty() ? "-" : String.join(" ", questdbPids), agentPid.isEmpty() ? "-" : agentPid, dir,
                String.join(" ", pids));
    }
}
