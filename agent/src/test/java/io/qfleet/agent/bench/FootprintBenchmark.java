package io.qfleet.agent.bench;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.qfleet.agent.cds.TrainingPki;
import io.qfleet.agent.testing.ThrowawaySettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The agent's footprint (DESIGN.md section 9: idle RSS at most 48 MB, ready in under 0.3 s) side by
 * side with Prometheus node_exporter from Debian's packages on the same machine. Not a test: run by hand.
 *
 * <pre>
 * apt-get install -y prometheus-node-exporter
 * ./mvnw -q -o -pl proto,agent package -DskipTests
 * cd agent && ../mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:../proto/target/classes:$(cat target/test-cp.txt) \
 *     io.qfleet.agent.bench.FootprintBenchmark --runs 7
 * </pre>
 *
 * Configurations, interleaved round by round so load from elsewhere hits them alike: the agent jar on
 * JVM defaults ({@code java -cp qfleet-agent.jar AgentMain}); the shipped launcher
 * ({@code packaging/bin/qfleet-agent}, options from {@code conf/jvm.options}) without an archive, with the
 * archive trained on the start alone (the default) and with one trained on a few calls; node_exporter
 * ({@code --web.listen-address=127.0.0.1:PORT}, every default collector). Ready: launch to the
 * {@code SERVING} line, or to the first HTTP 200 of {@code /metrics}. Idle: VmRSS from
 * {@code /proc/PID/status} and Pss from {@code smaps_rollup} after {@code --idle} seconds (3); Pss
 * splits pages shared with other processes (libjvm.so with other JVMs of the same JDK). Then one call
 * (gRPC health check; for node_exporter, the scrape that made it ready) and the RSS after it. CPU at
 * ready is user+system time of the process when it was ready: unlike wall time, it hardly moves with
 * the machine's load, which is printed too. Options: {@code --runs N} (5), {@code --idle S} (3),
 * {@code --launcher PATH} (../packaging/bin/qfleet-agent), {@code --node-exporter PATH}
 * (/usr/bin/prometheus-node-exporter; skipped with a note when absent). It never touches a
 * node_exporter it did not start.
 */
public final class FootprintBenchmark {
    private static final Pattern SERVING = Pattern.compile("^SERVING (\\S+):(\\d+)$");
    private static final long READY_TIMEOUT_MS = 60_000;

    private FootprintBenchmark() {}

    /** One start of one configuration. */
    record Sample(double readyMs, double cpuMs, double rssMb, double pssMb, double callMs, double rssAfterCallMb, int threads) {}

    /** How to start one configuration and tell when it is ready. */
    interface Subject {
        String name();

        Sample measure(Path work, double idleSeconds) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(option(args, "--runs", "5"));
        double idle = Double.parseDouble(option(args, "--idle", "3"));
        Path launcher = Path.of(option(args, "--launcher", "../packaging/bin/qfleet-agent")).toAbsolutePath().normalize();
        Path nodeExporter = Path.of(option(args, "--node-exporter", "/usr/bin/prometheus-node-exporter"));
        Path jar = launcher.getParent().getParent().getParent().resolve("agent/target/qfleet-agent.jar");
        Path work = Files.createTempDirectory("qfleet-footprint-");
        try {
            TrainingPki pki = TrainingPki.write(Files.createDirectories(work.resolve("pki")));
            Path settings = settings(work, pki);
            Path startArchive = archive(launcher, work, "start");
            Path callsArchive = archive(launcher, work, "calls");
            List<Subject> subjects = new ArrayList<>(List.of(
                    agent("java defaults (jar, no options)", List.of(javaExecutable(), "-cp", jar.toString(),
                            "io.qfleet.agent.AgentMain", "--settings", settings.toString()), Map.of(), pki),
                    agent("launcher, jvm.options, no CDS", List.of(launcher.toString(), "--settings", settings.toString()),
                            Map.of("QFLEET_AGENT_CDS_ARCHIVE", work.resolve("absent-dir/none.jsa").toString()), pki),
                    agent("launcher + CDS trained on start (shipped)", List.of(launcher.toString(), "--settings", settings.toString()),
                            Map.of("QFLEET_AGENT_CDS_ARCHIVE", startArchive.toString()), pki),
                    agent("launcher + CDS trained on calls", List.of(launcher.toString(), "--settings", settings.toString()),
                            Map.of("QFLEET_AGENT_CDS_ARCHIVE", callsArchive.toString(), "QFLEET_AGENT_CDS_TRAIN", "calls"), pki)));
            if (Files.isExecutable(nodeExporter)) {
                subjects.add(nodeExporter(nodeExporter));
            } else {
                System.out.println("note: " + nodeExporter + " not found (apt-get install -y prometheus-node-exporter); no baseline");
            }
            System.out.printf(Locale.ROOT, "%d cores, load average %s, java %s, %d runs, %.0f s idle%n",
                    Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.vm.version"), runs, idle);
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            for (int run = 1; run <= runs; run++) {
                for (Subject subject : subjects) {
                    Sample sample = subject.measure(work, idle);
                    samples.computeIfAbsent(subject.name(), k -> new ArrayList<>()).add(sample);
                    System.out.printf(Locale.ROOT, "run %d %-42s ready %5.0f ms (cpu %4.0f ms)  rss %5.1f MB  pss %5.1f MB"
                            + "  first call %4.0f ms -> rss %5.1f MB  threads %d%n", run, subject.name(), sample.readyMs(),
                            sample.cpuMs(), sample.rssMb(), sample.pssMb(), sample.callMs(), sample.rssAfterCallMb(), sample.threads());
                }
            }
            report(samples, subjects.get(subjects.size() - 1).name().startsWith("node_exporter")
                    ? samples.get(subjects.get(subjects.size() - 1).name()) : null);
            System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
        } finally {
            deleteTree(work);
        }
    }

    private static void report(Map<String, List<Sample>> samples, List<Sample> baseline) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-42s %21s %9s %9s %9s %16s %12s%n", "median of runs", "ready ms (min-max)", "cpu ms",
                "idle RSS", "idle PSS", "after 1st call", "vs node_exp.");
        for (Map.Entry<String, List<Sample>> entry : samples.entrySet()) {
            List<Sample> s = entry.getValue();
            double ready = median(s, Sample::readyMs);
            double rss = median(s, Sample::rssMb);
            String ratio = baseline == null || s == baseline ? "" : String.format(Locale.ROOT, "%.1fx / %.1fx",
                    ready / median(baseline, Sample::readyMs), rss / median(baseline, Sample::rssMb));
            System.out.printf(Locale.ROOT, "%-42s %6.0f (%5.0f-%5.0f) %9.0f %6.1f MB %6.1f MB %4.0f ms %5.1f MB %12s%n",
                    entry.getKey(), ready, min(s, Sample::readyMs), max(s, Sample::readyMs), median(s, Sample::cpuMs), rss,
                    median(s, Sample::pssMb), median(s, Sample::callMs), median(s, Sample::rssAfterCallMb), ratio);
        }
        System.out.println("goal (DESIGN.md): ready < 300 ms, idle RSS <= 48 MB; ratios are ready / idle RSS against node_exporter");
    }

    private static Subject agent(String name, List<String> command, Map<String, String> env, TrainingPki pki) {
        return new Subject() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Sample measure(Path work, double idleSeconds) throws Exception {
                ProcessBuilder builder = new ProcessBuilder(command).redirectError(work.resolve("agent.err").toFile());
                builder.environment().putAll(env);
                resetState(work);
                long begin = System.nanoTime();
                Process process = builder.start();
                try {
                    process.getOutputStream().close();
                    String[] address = awaitLine(process, begin).split(":");
                    double readyMs = (System.nanoTime() - begin) / 1e6;
                    double cpuMs = cpuMs(process.pid());
                    Thread.sleep((long) (idleSeconds * 1000));
                    double[] idle = memory(process.pid());
                    ManagedChannel channel = pki.channel(address[0], Integer.parseInt(address[1]));
                    long call = System.nanoTime();
                    HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
                    double callMs = (System.nanoTime() - call) / 1e6;
                    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                    Thread.sleep(1000);
                    return new Sample(readyMs, cpuMs, idle[0], idle[1], callMs, memory(process.pid())[0], (int) idle[2]);
                } finally {
                    stop(process);
                }
            }
        };
    }

    private static Subject nodeExporter(Path binary) {
        return new Subject() {
            @Override
            public String name() {
                return "node_exporter (Debian package)";
            }

            @Override
            public Sample measure(Path work, double idleSeconds) throws Exception {
                for (int attempt = 1; ; attempt++) {
                    int port = freePort();
                    long begin = System.nanoTime();
                    Process process = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port)
                            .redirectErrorStream(true).redirectOutput(work.resolve("node_exporter.log").toFile()).start();
                    try {
                        process.getOutputStream().close();
                        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
                        while (!scrapes(metrics)) {
                            if (!process.isAlive() || System.nanoTime() - begin > READY_TIMEOUT_MS * 1_000_000) {
                                break;
                            }
                            Thread.sleep(5);
                        }
                        if (!process.isAlive() && attempt < 3) {
                            continue; // the port was taken between the pick and the bind: pick another
                        }
                        if (!process.isAlive()) {
                            throw new IOException("node_exporter exited: " + Files.readString(work.resolve("node_exporter.log")));
                        }
                        double readyMs = (System.nanoTime() - begin) / 1e6;
                        double cpuMs = cpuMs(process.pid());
                        Thread.sleep((long) (idleSeconds * 1000));
                        double[] idle = memory(process.pid());
                        long call = System.nanoTime();
                        scrapes(metrics);
                        double callMs = (System.nanoTime() - call) / 1e6;
                        Thread.sleep(1000);
                        return new Sample(readyMs, cpuMs, idle[0], idle[1], callMs, memory(process.pid())[0], (int) idle[2]);
                    } finally {
                        stop(process);
                    }
                }
            }
        };
    }

    /** Makes an archive with the launcher itself, so it has the launcher's options. */
    private static Path archive(Path launcher, Path work, String train) throws IOException, InterruptedException {
        Path archive = work.resolve(train + ".jsa");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--make-cds-archive").inheritIO();
        builder.environment().put("QFLEET_AGENT_CDS_ARCHIVE", archive.toString());
        builder.environment().put("QFLEET_AGENT_CDS_TRAIN", train);
        if (builder.start().waitFor() != 0 || !Files.isRegularFile(archive)) {
            throw new IOException("qfleet-agent --make-cds-archive (" + train + ") failed");
        }
        return archive;
    }

    /** Served as in production: mTLS and a token, so the first call is a TLS handshake like the unit's readiness probe. */
    private static Path settings(Path work, TrainingPki pki) throws IOException {
        return ThrowawaySettings.write(work, "127.0.0.1:0", pki.settingsLines());
    }

    /** Each start begins as a freshly installed agent: no operation on record. */
    private static void resetState(Path work) throws IOException {
        for (String dir : List.of("state", "staging", "backups")) {
            if (Files.exists(work.resolve(dir))) {
                deleteTree(work.resolve(dir));
            }
        }
    }

    private static String awaitLine(Process process, long begin) throws Exception {
        CompletableFuture<String> serving = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher matcher = SERVING.matcher(line);
                    if (matcher.matches()) {
                        return matcher.group(1) + ":" + matcher.group(2);
                    }
                }
            } catch (IOException e) {
                // reported below
            }
            return null;
        });
        String address = serving.get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (address == null) {
            throw new IOException("agent exited before SERVING (exit " + process.waitFor() + ")");
        }
        return address;
    }

    private static boolean scrapes(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(10_000);
            try {
                if (connection.getResponseCode() != 200) {
                    return false;
                }
                connection.getInputStream().readAllBytes();
                return true;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {VmRSS MB, Pss MB, threads} of a live process. */
    private static double[] memory(long pid) throws IOException {
        Map<String, Double> status = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            String[] parts = line.split("\\s+");
            if (parts.length >= 2 && (parts[0].equals("VmRSS:") || parts[0].equals("Threads:"))) {
                status.put(parts[0], Double.parseDouble(parts[1]));
            }
        }
        double pss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                pss = Double.parseDouble(line.split("\\s+")[1]);
            }
        }
        return new double[] {status.get("VmRSS:") / 1024, pss / 1024, status.get("Threads:")};
    }

    /** utime + stime of a process in ms (clock ticks of 10 ms, as on every Linux this runs on). */
    private static double cpuMs(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
        double[] sorted = samples.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).min().orElse(Double.NaN);
    }

    private static double max(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).max().orElse(Double.NaN);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
