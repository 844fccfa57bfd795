package io.qfleet.coordinator.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coordinator scale (DESIGN.md section 9: 1,000 hosts through plan and run under 10 s and 256 MB
 * of heap). The coordinator measured is the real CLI, {@code packaging/bin/qfleet plan} then
 * {@code run --plan}, each a cold JVM as an operator starts it, capped at {@code -Xmx256m} (an
 * OutOfMemoryError fails the run); the simulated agents are one other JVM ({@link FakeAgentFleet}:
 * real gRPC, no-op operations, a port per host, C2 on), warmed by unmeasured passes
 * ({@code -Dqfleet.scale.warmUpPasses}, 7) so their JIT, which real agents run on their own hosts,
 * takes no CPU from what is measured. Side by side, before and
 * after the CLI, the baseline ({@link BareGrpcClient}): the same gRPC calls alone, in cold JVMs with
 * the CLI's options; the ratio to their mean says what the coordinator costs beyond them (its waves'
 * barriers and the check before the run included: the baseline has neither). Prints wall time, CPU time and peak RSS of each
 * command and the agents' CPU meanwhile; CPU time says what the work cost when other processes share
 * the machine. {@code SCALE_FLEET_OPTS} adds options to the simulated agents' JVM and
 * {@code SCALE_FLEET_PREFIX} a command before it (e.g. {@code nice -n 19}), {@code SCALE_QFLEET_OPTS}
 * options to the CLI ({@code {name}} becomes plan or run, e.g. for a profiler's output file).
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * ./mvnw -q -o -Pbench -pl coordinator exec:java -Dexec.mainClass=io.qfleet.coordinator.bench.ScaleBenchmark [-Dexec.args=1000]
 * </pre>
 */
public final class ScaleBenchmark {
    /** Unmeasured plan and run passes (the baseline's, then qfleet's and the baseline's in turn) before anything is measured. */
    private static final int WARM_UP_PASSES = Integer.getInteger("qfleet.scale.warmUpPasses", 7);
    private static final Pattern TIME = Pattern.compile("^([\\d.]+) ([\\d.]+) ([\\d.]+) (\\d+)$", Pattern.MULTILINE);

    private ScaleBenchmark() {}

    /** What {@code /usr/bin/time} saw of one command, and the CPU the simulated agents spent meanwhile. */
    private record Measured(double wallSeconds, double cpuSeconds, long maxRssKb, double agentsCpuSeconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2fs (cpu %.2fs, max RSS %d MB; agents' cpu %.2fs)", wallSeconds, cpuSeconds,
                    maxRssKb / 1024, agentsCpuSeconds);
        }
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path here = Path.of("").toAbsolutePath(); // the checkout, or its coordinator/ module
        Path qfleet = Files.isExecutable(here.resolve("packaging/bin/qfleet")) ? here.resolve("packaging/bin/qfleet")
                : here.resolveSibling("packaging").resolve("bin/qfleet");
        Path work = Files.createTempDirectory("qfleet-bench-scale-");
        List<String> fleetCommand = new ArrayList<>(List.of(System.getenv().getOrDefault("SCALE_FLEET_PREFIX", "").split(" ")));
        fleetCommand.removeIf(String::isEmpty);
        // The simulated agents stand for a thousand machines of their own: every CPU second they spend here is one the
        // coordinator loses on these shared cores and would not lose in a fleet. So they run with C2 and are warmed
        // until compiled (WARM_UP_PASSES): warm, they take about half the CPU per pass that C1-only agents took.
        fleetCommand.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC"));
        fleetCommand.addAll(List.of(System.getenv().getOrDefault("SCALE_FLEET_OPTS", "").split(" ")));
        fleetCommand.removeIf(String::isEmpty);
        fleetCommand.addAll(List.of("-cp", classPath(), FakeAgentFleet.class.getName(), String.valueOf(hosts)));
        Process agents = new ProcessBuilder(fleetCommand).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        PrintWriter toAgents = new PrintWriter(agents.getOutputStream(), true, StandardCharsets.UTF_8);
        try {
            List<Integer> ports = ports(agents);
            Path fleetFile = fleetFile(work, hosts, ports);
            Path portsFile = Files.write(work.resolve("ports.txt"), ports.stream().map(String::valueOf).toList());
            // The baseline runs from jars (the CLI's, which holds gRPC and the stubs, and one with BareGrpcClient), so
            // it can have a class data sharing archive as the CLI has: made by the warm-up pass, mapped when measured.
            String classPath = qfleet.resolveSibling("../../coordinator/target/qfleet.jar").normalize() + File.pathSeparator
                    + bareJar(work);
            List<String> bare = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
            // Unmeasured passes first: the simulated agents' own JIT warm-up, which real agents do on their own hosts,
            // then takes no CPU from either side measured. The first pass also makes the baseline's archives.
            for (String pass : List.of("plan", "run")) {
                measure(work, agents, "warm-up-" + pass, with(bare, "-XX:ArchiveClassesAtExit=" + work.resolve("bare-" + pass + ".jsa"),
                        "-cp", classPath, BareGrpcClient.class.getName(), pass, portsFile.toString()));
            }
            // Then qfleet's passes and the baseline's in turn: each sends what the other does not (qfleet's specs and
            // deadlines), and agents warmed on one alone compiled the other's paths while it was measured.
            List<String> warmUp = new ArrayList<>();
            for (int pass = 2; pass <= WARM_UP_PASSES; pass++) {
                Measured[] warm = pass % 2 == 0 ? qfleet(work, agents, qfleet, fleetFile, "warm-up-" + pass)
                        : baseline(work, agents, bare, classPath, portsFile, "warm-up-" + pass);
                warmUp.add(String.format(Locale.ROOT, "%.2fs", warm[0].agentsCpuSeconds() + warm[1].agentsCpuSeconds()));
            }
            toAgents.println("the warm-up");
            // The baseline before and after qfleet, compared with their mean: a machine whose speed drifts
            // between the three would otherwise favour whichever ran in its faster part.
            Measured[] before = baseline(work, agents, bare, classPath, portsFile, "before");
            toAgents.println("the baseline before");
            Measured[] measured = qfleet(work, agents, qfleet, fleetFile, "");
            Measured planned = measured[0];
            Measured ran = measured[1];
            toAgents.println("qfleet plan and run");
            Measured[] after = baseline(work, agents, bare, classPath, portsFile, "after");
            toAgents.println("the baseline after");
            Measured barePlan = mean(before[0], after[0]);
            Measured bareRun = mean(before[1], after[1]);
            long migrated = Files.readAllLines(work.resolve("run.out")).stream().filter(l -> l.contains(" migrated ")).count();
            System.out.printf(Locale.ROOT, "%d hosts: qfleet plan %s, qfleet run %s, %d hosts reported migrated; load average %.1f%n",
                    hosts, planned, ran, migrated, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf(Locale.ROOT, "simulated agents' cpu in warm-up passes 2-%d: %s; in qfleet's plan and run: %.2fs%n",
                    WARM_UP_PASSES, String.join(", ", warmUp), planned.agentsCpuSeconds() + ran.agentsCpuSeconds());
            System.out.printf(Locale.ROOT, "baseline, the same gRPC calls alone (BareGrpcClient), before: plan's %s, run's %s%n",
                    before[0], before[1]);
            System.out.printf(Locale.ROOT, "baseline after: plan's %s, run's %s%n", after[0], after[1]);
            double total = planned.wallSeconds() + ran.wallSeconds();
            double baseline = barePlan.wallSeconds() + bareRun.wallSeconds();
            System.out.printf(Locale.ROOT, "qfleet / mean baseline: wall %.2fs / %.2fs = %.2f, cpu %.2fs / %.2fs = %.2f%n", total, baseline,
                    total / baseline, planned.cpuSeconds() + ran.cpuSeconds(), barePlan.cpuSeconds() + bareRun.cpuSeconds(),
                    (planned.cpuSeconds() + ran.cpuSeconds()) / (barePlan.cpuSeconds() + bareRun.cpuSeconds()));
            System.out.printf(Locale.ROOT, "goal: plan + run under 10 s -> %.2fs %s; both ran with -Xmx256m -> heap under 256 MB met%n",
                    total, total < 10 ? "met" : "NOT met");
        } finally {
            toAgents.close(); // FakeAgentFleet ends when its stdin closes
            if (!agents.waitFor(10, TimeUnit.SECONDS)) {
                agents.destroyForcibly();
            }
        }
    }

    /** {@code qfleet plan}, then {@code run --plan} on that plan, with their files and outputs named {@code <prefix>plan...}. */
    private static Measured[] qfleet(Path work, Process agents, Path qfleet, Path fleetFile, String pass)
            throws IOException, InterruptedException {
        String prefix = pass.isEmpty() ? "" : pass + "-";
        Path plan = work.resolve(prefix + "plan.json");
        Measured planned = measure(work, agents, prefix + "plan", qfleet.toString(), "plan", "-f", fleetFile.toString(), "-o",
                plan.toString());
        Measured ran = measure(work, agents, prefix + "run", qfleet.toString(), "run", "-f", fleetFile.toString(), "--plan",
                plan.toString(), "--runs-dir", work.resolve(prefix + "runs").toString(), "--no-live");
        return new Measured[] {planned, ran};
    }

    /** The baseline's plan and run passes, each mapping the class data sharing archive its warm-up pass made. */
    private static Measured[] baseline(Path work, Process agents, List<String> bare, String classPath, Path ports, String when)
            throws IOException, InterruptedException {
        Measured[] passes = new Measured[2];
        List<String> names = List.of("plan", "run");
        for (int i = 0; i < 2; i++) {
            // -Xshare:on: a baseline that could not map its archive fails rather than runs slower unseen.
            passes[i] = measure(work, agents, "bare-" + names.get(i) + "-" + when, with(bare, "-Xshare:on",
                    "-XX:SharedArchiveFile=" + work.resolve("bare-" + names.get(i) + ".jsa"), "-cp", classPath,
                    BareGrpcClient.class.getName(), names.get(i), ports.toString()));
        }
        return passes;
    }

    private static Measured mean(Measured a, Measured b) {
        return new Measured((a.wallSeconds() + b.wallSeconds()) / 2, (a.cpuSeconds() + b.cpuSeconds()) / 2,
                Math.max(a.maxRssKb(), b.maxRssKb()), (a.agentsCpuSeconds() + b.agentsCpuSeconds()) / 2);
    }

    /** A jar holding BareGrpcClient, for a class path of jars only (what class data sharing archives). */
    private static Path bareJar(Path work) throws IOException {
        Path jar = work.resolve("bare.jar");
        String entry = BareGrpcClient.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                InputStream in = BareGrpcClient.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private static String[] with(List<String> command, String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    /** Runs one command under {@code /usr/bin/time}; its output goes to {@code <name>.out}. */
    private static Measured measure(Path work, Process agents, String name, String... command) throws IOException, InterruptedException {
        Path times = work.resolve(name + ".time");
        List<String> line = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S %M"));
        line.addAll(Arrays.asList(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".out").toFile());
        builder.environment().put("QFLEET_JAVA_OPTS", ("-Xmx256m " + System.getenv().getOrDefault("SCALE_QFLEET_OPTS", "").replace("{name}", name)).trim());
        Duration agentsBefore = cpu(agents);
        int exit = builder.start().waitFor();
        double agentsCpu = (cpu(agents).toMillis() - agentsBefore.toMillis()) / 1000.0;
        String text = Files.readString(times);
        Matcher matcher = TIME.matcher(text);
        if (exit != 0 || !matcher.find()) {
            throw new IllegalStateException(name + " exited " + exit + "; see " + work.resolve(name + ".out"));
        }
        return new Measured(Double.parseDouble(matcher.group(1)),
                Double.parseDouble(matcher.group(2)) + Double.parseDouble(matcher.group(3)), Long.parseLong(matcher.group(4)), agentsCpu);
    }

    /** The simulated agents' CPU time so far: they share the cores with the coordinator measured. */
    private static Duration cpu(Process agents) {
        return agents.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static List<Integer> ports(Process agents) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(agents.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("PORTS ")) {
                return Arrays.stream(line.substring("PORTS ".length()).split(",")).map(Integer::valueOf).toList();
            }
        }
        throw new IOException("the simulated agents ended before serving");
    }

    /** The test class path, also under exec:java (whose class loader, not java.class.path, holds it). */
    private static String classPath() throws Exception {
        if (ScaleBenchmark.class.getClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static Path fleetFile(Path work, int hosts, List<Integer> ports) throws IOException {
        Path dist = work.resolve("questdb-9.2.2-no-jre-bin.tar.gz");
        Files.write(dist, new byte[] {1});
        StringBuilder yaml = new StringBuilder("target:\n  distribution: " + dist + "\n  sha256: " + "0".repeat(64)
                + "\n  version: 9.2.2\nrollout:\n  stage_parallelism: 64\n  waves: [1, 10%, 50%, 100%]\n  max_unavailable: 64\nagents:\n  plaintext: true\nhosts:\n");
        for (int i = 0; i < hosts; i++) {
            yaml.append("  - name: h-").append(i).append("\n    agent: 127.0.0.1:").append(ports.get(i)).append('\n');
        }
        Path file = work.resolve("fleet.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
