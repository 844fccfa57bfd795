package io.qfleet.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.FleetFileLoader;
import io.qfleet.coordinator.workflow.FleetRunner;
import io.qfleet.coordinator.workflow.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code qfleet demo}: a real local fleet (QuestDB 8.1.4 servers with sample data, one agent
 * process each) migrated to 9.2.2 through the same fleet file loader and runner as
 * {@code qfleet run}; everything started is stopped and removed afterwards unless {@code --keep}.
 */
@Command(name = "demo", description = "Migrate a throw-away local fleet of real QuestDB servers from "
        + DemoResources.SOURCE_VERSION + " to " + DemoResources.TARGET_VERSION + ", end to end.")
public final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Spec
    private CommandSpec spec;

    @Mixin
    private OutputOptions output;

    @Option(names = "--hosts", defaultValue = "3", description = "Number of local hosts, 1-8 (default: ${DEFAULT-VALUE}).")
    private int hosts;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the WAL table of each host (default: ${DEFAULT-VALUE}).")
    private long rows;

    @Option(names = "--keep", description = "Leave the fleet running and on disk afterwards (prints how to stop it).")
    private boolean keep;

    @Option(names = "--dir", description = "Work directory (default: a new temporary directory).")
    private Path dir;

    @Override
    public Integer call() throws IOException {
        if (hosts < 1 || hosts > 8) {
            throw new ParameterException(spec.commandLine(), "--hosts: " + hosts + " (expected: 1-8)");
        }
        if (rows < 1) {
            throw new ParameterException(spec.commandLine(), "--rows: " + rows + " (expected: > 0)");
        }
        if (dir != null && !isAbsentOrEmptyDir(dir)) {
            // The demo deletes its work dir afterwards, so it never takes over one that holds anything.
            throw new ParameterException(spec.commandLine(), "--dir: " + dir.toAbsolutePath().normalize()
                    + " exists and is not an empty directory (expected: a new or empty one; the demo deletes it afterwards)");
        }
        PrintWriter out = spec.commandLine().getOut();
        // With --output json, stdout carries only run events (run_finished last); narration goes to stderr.
        PrintWriter narration = output.json() ? spec.commandLine().getErr() : out;
        Consumer<String> log = message -> say(narration, message);
        DemoResources resources = DemoResources.locate();
        Path workDir = dir != null ? MadeDirectory.make("--dir " + dir, dir, "") : Files.createTempDirectory("qfleet-demo-");
        long begin = System.nanoTime();
        log.accept("setting up " + hosts + " QuestDB " + DemoResources.SOURCE_VERSION + " hosts in " + workDir);
        try (LocalFleet fleet = LocalFleet.create(resources, hosts, rows, workDir, log)) {
            if (keep) {
                fleet.keep();
            }
            // Ctrl-C mid-run must not leave servers behind; close() is idempotent.
            Thread cleanup = new Thread(fleet::close, "qfleet-demo-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                RunResult result = migrate(fleet, resources, workDir, out, log);
                log.accept("demo finished in " + Duration.ofNanos(System.nanoTime() - begin).toSeconds() + "s"
                        + (keep ? "" : "; stopping and removing the local fleet"));
                return RunCommand.finish(result, spec.commandLine().getErr());
            } finally {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        } finally {
            out.flush();
        }
    }

    /** The same path as {@code qfleet run}: a fleet file on disk, loaded and run. */
    private RunResult migrate(LocalFleet fleet, DemoResources resources, Path workDir, PrintWriter out, Consumer<String> log) {
        PackedDistribution target = DistributionPacker.pack(resources.targetJar(), DemoResources.TARGET_VERSION,
                workDir.resolve("dist"));
        Path fleetFile = fleet.writeFleetFile(target);
        log.accept("packed " + target.file().getFileName() + " (sha256 " + target.sha256() + "); fleet file " + fleetFile);
        FleetFile file = FleetFileLoader.load(fleetFile);
        Clock clock = Clock.systemDefaultZone();
        return RunExecution.run(FleetRunner.overGrpc(clock, file.agents()), spec.commandLine().getErr(),
                runner -> runner.start(file, fleetFile, workDir.resolve("qfleet-runs"), output.renderer(out, clock)));
    }

    private static boolean isAbsentOrEmptyDir(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Demo narration: plain lines, or JSON objects so --output json stays one object per line. */
    private void say(PrintWriter out, String message) {
        if (output.json()) {
            try {
                out.println(JSON.writeValueAsString(Map.of("type", "demo", "message", message)));
            } catch (IOException e) {
                out.println("{\"type\":\"demo\"}");
            }
        } else {
            out.println("demo: " + message);
        }
        out.flush();
    }
}
