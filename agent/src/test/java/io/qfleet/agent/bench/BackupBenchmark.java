package io.qfleet.agent.bench;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.qfleet.agent.Agent;
import io.qfleet.agent.process.DirectQuestDbProcess;
import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.questdb.WalTableState;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.proto.agent.v1.BackupResult;
import io.qfleet.proto.agent.v1.BackupSpec;
import io.qfleet.proto.agent.v1.GetOperationRequest;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.StartOperationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * qfleet's backup operation against {@code tar -cf - ROOT | zstd -1 -T0 > file} on the same QuestDB
 * 9.2.2 root (DESIGN.md section 9: goal at least 1.0x). Not a test: run by hand.
 *
 * <pre>
 * cd agent
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * mvn -o -q test-compile     # or any build that compiled the test classes
 * java -cp target/classes:target/test-classes:$(cat target/test-cp.txt) io.qfleet.agent.bench.BackupBenchmark --gb 0.5
 * </pre>
 *
 * Options: {@code --gb N} root size (default 3), {@code --rounds N} (3), {@code --level N} and
 * {@code --workers N} for qfleet's zstd (0 = its defaults), {@code --jar questdb.jar} (default
 * target/questdb/questdb-9.2.2.jar), {@code --dir D} work dir (default a temp dir, deleted at the end).
 * Each round also times the pipeline followed by {@code sync FILE}: qfleet fsyncs its archive before
 * the rename that publishes it, the bare pipeline does not, so both ratios are printed.
 * Needs the zstd CLI ({@code apt-get install -y zstd}). Rounds alternate which side goes first; both
 * read the root from the page cache after the seeding wrote it. It also prints single-thread
 * SHA-256 and CRC32C rates over the same files, the cost the manifest's digest adds.
 */
public final class BackupBenchmark {
    private static final long ROWS_PER_INSERT = 5_000_000;
    private static final double ROW_BYTES = 44; // ts 8, sym 4, price 8, amount 8, qty 8, id 8

    private BackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double gb = Double.parseDouble(option(args, "--gb", "3"));
        int rounds = Integer.parseInt(option(args, "--rounds", "3"));
        int level = Integer.parseInt(option(args, "--level", "0"));
        int workers = Integer.parseInt(option(args, "--workers", "0"));
        Path jar = Path.of(option(args, "--jar", "target/questdb/questdb-9.2.2.jar")).toAbsolutePath();
        String dirOption = option(args, "--dir", "");
        Path dir = dirOption.isEmpty() ? Files.createTempDirectory("qfleet-bench-") : Files.createDirectories(Path.of(dirOption));
        Path root = dir.resolve("root");
        QuestDbRoots.create(root);
        DirectQuestDbProcess questdb = new DirectQuestDbProcess(QuestDbRoots.launch(root));
        try {
            QuestDbRoots.startReady(questdb, jar, Duration.ofSeconds(120));
            seed(root, gb);
            long rootBytes = treeBytes(root);
            System.out.printf(Locale.ROOT, "root %s: %.2f GB apparent size, QuestDB %s, %d cores%n", root, rootBytes / 1e9,
                    QuestDbRoots.sql(root).build().version(), Runtime.getRuntime().availableProcessors());
            digestRates(root);
            run(dir, root, jar, rootBytes, rounds, level, workers);
        } finally {
            questdb.stop(Duration.ofSeconds(120));
            if (dirOption.isEmpty()) {
                deleteTree(dir);
            }
        }
    }

    private static void run(Path dir, Path root, Path jar, long rootBytes, int rounds, int level, int workers) throws Exception {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path install = Files.createDirectories(dir.resolve("install"));
        Files.deleteIfExists(install.resolve("questdb.jar"));
        Files.createSymbolicLink(install.resolve("questdb.jar"), jar);
        AgentSettings settings = new AgentSettings("127.0.0.1", 0, true, dir.resolve("state"), dir.resolve("staging"), backups,
                new AgentSettings.QuestDb(root, install, "direct", QuestDbRoots.javaExecutable(), QuestDbRoots.jvmArgs(),
                        QuestDbRoots.USER, null));
        String name = InProcessServerBuilder.generateName();
        List<double[]> results = new ArrayList<>();
        Agent agent = Agent.start(settings, InProcessServerBuilder.forName(name), Clock.systemUTC());
        try {
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            OperationServiceGrpc.OperationServiceBlockingStub ops = OperationServiceGrpc.newBlockingStub(channel);
            for (int round = 1; round <= rounds; round++) {
                boolean qfleetFirst = round % 2 == 1;
                double[] q = null;
                double[] t = null;
                double[] synced = null;
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == qfleetFirst) {
                        q = qfleet(ops, "bench-" + System.nanoTime(), level, workers);
                    } else {
                        t = tarZstd(root, dir.resolve("tar.tar.zst"), treeBytes(root), false);
                        synced = tarZstd(root, dir.resolve("tar.tar.zst"), treeBytes(root), true);
                    }
                }
                double[] r = {q[0], q[1], q[2], t[0], t[1], q[0] / t[0], synced[0], q[0] / synced[0], q[3]};
                results.add(r);
                System.out.printf(Locale.ROOT, "round %d (%s first): qfleet %.0f MB/s, archive %.1f MB, checkpoint held %.0f ms, then"
                        + " read back in %.0f ms | tar|zstd -1 -T0 %.0f MB/s, archive %.1f MB | ratio %.2fx | with sync of the file:"
                        + " %.0f MB/s, ratio %.2fx%n",
                        round, qfleetFirst ? "qfleet" : "tar", r[0], r[1] / 1e6, r[2], r[8], r[3], r[4] / 1e6, r[5], r[6], r[7]);
            }
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } finally {
            agent.close();
        }
        System.out.printf(Locale.ROOT, "median: qfleet %.0f MB/s, tar|zstd %.0f MB/s, ratio %.2fx (against tar|zstd + sync: %.0f MB/s,"
                + " ratio %.2fx); archives %.1f MB vs %.1f MB (%.3f of the root); checkpoint held %.0f ms (root %.2f GB); qfleet's"
                + " read-back after the archive (not in the ratio: the pipeline has none) %.0f ms%n",
                median(results, 0), median(results, 3), median(results, 5), median(results, 6), median(results, 7),
                median(results, 1) / 1e6, median(results, 4) / 1e6, median(results, 1) / rootBytes, median(results, 2), rootBytes / 1e9,
                median(results, 8));
    }

    /** One backup operation; returns {MB/s over the source bytes for checkpoint + archive, archive bytes, checkpoint held ms, read-back ms}. */
    private static double[] qfleet(OperationServiceGrpc.OperationServiceBlockingStub ops, String id, int level, int workers)
            throws Exception {
        OperationSpec spec = OperationSpec.newBuilder().setBackup(BackupSpec.newBuilder()
                .setCompression("zstd").setLevel(level).setWorkers(workers)).build();
        long begin = System.nanoTime();
        ops.startOperation(StartOperationRequest.newBuilder().setOperationId(id).setSpec(spec).build());
        Operation op;
        do {
            Thread.sleep(20);
            op = ops.getOperation(GetOperationRequest.newBuilder().setOperationId(id).build()).getOperation();
        } while (op.getState() == OperationState.OPERATION_STATE_PENDING || op.getState() == OperationState.OPERATION_STATE_RUNNING);
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (op.getState() != OperationState.OPERATION_STATE_SUCCEEDED) {
            throw new IllegalStateException("backup failed: " + op.getFailure());
        }
        BackupResult result = op.getResult().getBackup();
        Files.delete(Path.of(result.getArchivePath()));
        Files.delete(Path.of(result.getManifestPath()));
        // The goal is about checkpoint + archive (DESIGN.md section 9), what the pipeline does; the read-back
        // against the manifest that follows is qfleet's own, printed beside it.
        double archiving = seconds - result.getReadBackMillis() / 1000.0;
        return new double[] {result.getSourceBytes() / 1e6 / archiving, result.getArchiveBytes(), result.getCheckpointHeldMillis(),
            result.getReadBackMillis()};
    }

    /**
     * {@code tar -cf - ROOT | zstd -1 -T0 > out}, with {@code sync out} after it when {@code sync}
     * (qfleet fsyncs its archive before renaming it; the plain pipeline leaves it in the page cache);
     * returns {MB/s over the root's bytes, archive bytes}.
     */
    private static double[] tarZstd(Path root, Path out, long rootBytes, boolean sync) throws Exception {
        String command = "tar -C " + quote(root.getParent().toString()) + " -cf - " + quote(root.getFileName().toString())
                + " | zstd -q -1 -T0 > " + quote(out.toString()) + (sync ? " && sync " + quote(out.toString()) : "");
        long begin = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + output);
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        long size = Files.size(out);
        Files.delete(out);
        return new double[] {rootBytes / 1e6 / seconds, size};
    }

    private static void seed(Path root, double gb) throws Exception {
        long rows = (long) (gb * 1e9 / ROW_BYTES);
        long begin = System.nanoTime();
        try (Connection c = DriverManager.getConnection(QuestDbRoots.jdbcUrl(root), QuestDbRoots.USER, QuestDbRoots.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE trades (ts TIMESTAMP, sym SYMBOL, price DOUBLE, amount DOUBLE, qty LONG, id LONG)"
                    + " TIMESTAMP(ts) PARTITION BY DAY WAL");
            for (long done = 0; done < rows; done += ROWS_PER_INSERT) {
                long n = Math.min(ROWS_PER_INSERT, rows - done);
                // Prices walk like a market (compressible), amounts and quantities are noise (barely compressible).
                s.execute("INSERT INTO trades SELECT timestamp_sequence(" + done * 10_000 + ", 10000),"
                        + " rnd_symbol('BTC-USD','ETH-USD','SOL-USD','XRP-USD','ADA-USD'), round(50000 + sin(x / 1000.0) * 500, 2),"
                        + " rnd_double(), rnd_long(1, 100000, 0), " + done + " + x FROM long_sequence(" + n + ")");
            }
        }
        QuestDbSql sql = QuestDbRoots.sql(root);
        while (!sql.walTables().stream().allMatch(WalTableState::caughtUp)) {
            Thread.sleep(200);
        }
        System.out.printf(Locale.ROOT, "seeded %d rows in %.1f s%n", rows, (System.nanoTime() - begin) / 1e9);
    }

    /** Single-thread SHA-256 and CRC32C over the root's files, next to a plain read of them. */
    private static void digestRates(Path root) throws Exception {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        byte[] buffer = new byte[1 << 20];
        for (String kind : List.of("read only", "SHA-256", "CRC32C")) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            CRC32C crc = new CRC32C();
            long bytes = 0;
            long begin = System.nanoTime();
            for (Path file : files) {
                if (!Files.exists(file)) {
                    continue; // WAL segments are purged once applied
                }
                try (InputStream in = Files.newInputStream(file)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        bytes += n;
                        if (kind.equals("SHA-256")) {
                            sha.update(buffer, 0, n);
                        } else if (kind.equals("CRC32C")) {
                            crc.update(buffer, 0, n);
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-9s %.0f MB/s over %.2f GB (one thread)%n", kind,
                    bytes / 1e6 / ((System.nanoTime() - begin) / 1e9), bytes / 1e9);
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static long treeBytes(Path root) throws IOException {
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
