package io.qfleet.agent.cds;

import io.qfleet.agent.AgentMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code CdsArchiveMain --java JAVA --archive FILE [--train start|calls] -- JVM_OPTION...}: writes the agent's static class
 * data sharing archive (the launcher, {@code packaging/bin/qfleet-agent --make-cds-archive}, calls it;
 * so does the build, into {@code agent/target/qfleet-agent.jsa}).
 *
 * <p>Three JVMs: (1) the agent on a throwaway loopback settings file, serving mTLS as in production
 * ({@link TrainingPki}), with
 * {@code -XX:DumpLoadedClassList}; (2) this one, with {@code --train calls} calling it as a client would
 * ({@link TrainingCalls}) so the classes a first call needs are listed too, then stopping it with
 * SIGTERM; (3) {@code -Xshare:dump}
 * of that list into the archive, written beside it and renamed into place. The same JVM options are
 * used for (1) and (3) as at run time, since an archive only maps into a JVM with matching options.
 * The client's own classes stay out of the list: they run in this JVM, not the agent's.
 *
 * <p>{@code --train start} (the default) lists only what starting loads: every archived class is
 * resident once the JVM maps the archive, so the ~900 classes of a first call would cost the idle
 * agent about 6 MB; that first call then loads them from the jar instead (README "Footprint").
 */
public final class CdsArchiveMain {
    private static final long READY_SECONDS = 60;

    private CdsArchiveMain() {}

    public static void main(String[] args) throws Exception {
        int dashes = Arrays.asList(args).indexOf("--");
        Map<String, String> options = new HashMap<>(Map.of("--train", "start"));
        for (int i = 0; i + 1 < Math.max(dashes, 0); i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String train = options.get("--train");
        if (dashes < 0 || dashes % 2 != 0 || !options.keySet().equals(Set.of("--java", "--archive", "--train"))
                || !(train.equals("start") || train.equals("calls"))) {
            System.err.println("usage: CdsArchiveMain --java JAVA --archive FILE [--train start|calls] -- JVM_OPTION...");
            System.exit(2);
        }
        List<String> jvmOptions = List.of(args).subList(dashes + 1, args.length);
        Path archive = Path.of(options.get("--archive")).toAbsolutePath();
        Path work = Files.createTempDirectory("qfleet-cds-");
        try {
            make(options.get("--java"), jar(), jvmOptions, archive, work, train.equals("calls"));
        } finally {
            deleteTree(work);
        }
    }

    private static void make(String java, Path jar, List<String> jvmOptions, Path archive, Path work, boolean calls)
            throws IOException, InterruptedException {
        Path classList = work.resolve("agent.classlist");
        TrainingPki pki = TrainingPki.write(work);
        Path settings = Files.writeString(work.resolve("agent.yaml"), String.join("\n",
                "listen: 127.0.0.1:0",
                pki.settingsLines(),
                "state_dir: " + work.resolve("state"),
                "staging_dir: " + work.resolve("staging"),
                "backup_dir: " + work.resolve("backups"),
                "questdb:",
                "  root: " + work.resolve("questdb-root"),
                "  install_dir: " + work.resolve("questdb-install"),
                ""));
        List<String> agent = command(java, jvmOptions, "-XX:DumpLoadedClassList=" + classList);
        agent.addAll(List.of("-cp", jar.toString(), AgentMain.class.getName(), "--settings", settings.toString()));
        Process process = new ProcessBuilder(agent).redirectError(work.resolve("agent.err").toFile()).start();
        process.getOutputStream().close();
        try {
            String[] address = awaitServing(process, work.resolve("agent.err")).split(":");
            if (calls) {
                TrainingCalls.run(address[0], Integer.parseInt(address[1]), pki);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("training agent pid " + process.pid() + " ignored SIGTERM for 30 s");
            }
        }
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        List<String> dump = command(java, jvmOptions, "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + partial);
        dump.addAll(List.of("-cp", jar.toString()));
        Process dumper = new ProcessBuilder(dump).redirectErrorStream(true).redirectOutput(work.resolve("dump.log").toFile()).start();
        if (!dumper.waitFor(120, TimeUnit.SECONDS) || dumper.exitValue() != 0) {
            dumper.destroyForcibly();
            Files.deleteIfExists(partial);
            throw new IOException("-Xshare:dump failed: " + tail(work.resolve("dump.log")));
        }
        Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("wrote " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB, "
                + Files.readAllLines(classList).size() + " classes listed)");
    }

    private static List<String> command(String java, List<String> jvmOptions, String... extra) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of(extra));
        return command;
    }

    /** Reads the agent's stdout until {@code SERVING host:port}; returns {@code host:port}. */
    private static String awaitServing(Process process, Path stderr) throws IOException, InterruptedException {
        CompletableFuture<String> serving = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("SERVING ")) {
                        return line.substring("SERVING ".length()).strip();
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String address = serving.get(READY_SECONDS, TimeUnit.SECONDS);
            if (address != null) {
                return address;
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // reported below with the agent's stderr
        }
        throw new IOException("training agent did not print SERVING within " + READY_SECONDS + " s: " + tail(stderr));
    }

    private static Path jar() throws URISyntaxException {
        return Path.of(CdsArchiveMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
