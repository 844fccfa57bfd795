package io.qfleet.agent.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for systemd as PID 1, which cannot run inside tests: {@code FakeSystemctl.sh} (test
 * resources; its header says what it implements) installed as {@code <dir>/bin/systemctl} for one
 * unit, whose file and drop-in dir live under {@code <dir>/etc/systemd/system}. The unit's command
 * is real (QuestDB in the ITs); the fake runs it detached, watches it like PID 1 (MainPID, exit
 * status, Restart=always) and reads drop-ins only after a daemon-reload, as systemd does.
 * {@link #close} stops the unit, so nothing it started outlives the test.
 */
public final class FakeSystemctl implements AutoCloseable {
    private static final Duration CALL = Duration.ofSeconds(120);

    private final Path dir;
    private final String unit;

    private FakeSystemctl(Path dir, String unit) {
        this.dir = dir;
        this.unit = unit;
    }

    /** Installs the fake in {@code dir} with {@code unitText} as {@code unit}'s file, and daemon-reloads once. */
    public static FakeSystemctl install(Path dir, String unit, String unitText) throws IOException {
        FakeSystemctl fake = new FakeSystemctl(dir.toAbsolutePath(), requireNonNull(unit, "unit"));
        Files.createDirectories(fake.executable().getParent());
        try (InputStream script = FakeSystemctl.class.getResourceAsStream("FakeSystemctl.sh")) {
            Files.copy(requireNonNull(script, "FakeSystemctl.sh on the test class path"), fake.executable());
        }
        Files.setPosixFilePermissions(fake.executable(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(fake.dir.resolve("run"));
        Files.writeString(fake.dir.resolve("run/unit"), unit);
        Files.createDirectories(fake.unitFile().getParent());
        Files.writeString(fake.unitFile(), unitText);
        fake.run("daemon-reload");
        return fake;
    }

    /**
     * A unit shaped like QuestDB's own (QUESTDB.md, "systemd": Type=exec, Restart=always,
     * SuccessExitStatus=143, the root in QDB_ROOT) launching the no-JRE jar in {@code installDir}.
     */
    public static String questDbUnit(Path installDir, Path root) {
        return "[Unit]\n"
                + "Description=QuestDB (a FakeSystemctl test unit)\n"
                + "\n"
                + "[Service]\n"
                + "Type=exec\n"
                + "Restart=always\n"
                + "RestartSec=2\n"
                + "SuccessExitStatus=143\n"
                + "TimeoutStopSec=60\n"
                + "Environment=QDB_ROOT=" + root + "\n"
                + "ExecStart=" + QuestDbRoots.javaExecutable() + " " + String.join(" ", QuestDbRoots.jvmArgs())
                + " --add-opens java.base/java.lang=io.questdb"
                + " -p " + installDir.resolve("questdb.jar") + " -m " + QuestDbRoots.MAIN + " -d ${QDB_ROOT}\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
    }

    /** The settings block for {@code questdb:} with {@code run: systemd} against this fake (two-space indent). */
    public String questDbRunYaml() {
        return "  run: systemd\n"
                + "  unit: " + unit + "\n"
                + "  systemctl: " + executable() + "\n"
                + "  drop_in_dir: " + dropInDir() + "\n";
    }

    public Path executable() {
        return dir.resolve("bin/systemctl");
    }

    public String unit() {
        return unit;
    }

    public Path unitFile() {
        return dir.resolve("etc/systemd/system").resolve(unit);
    }

    public Path dropInDir() {
        return dir.resolve("etc/systemd/system").resolve(unit + ".d");
    }

    /** The unit's output, as journald would hold it. */
    public String journal() throws IOException {
        Path journal = dir.resolve("journal.log");
        return Files.exists(journal) ? Files.readString(journal) : "";
    }

    /** Every call so far, one line each, e.g. {@code "stop questdb.service"}. */
    public List<String> calls() throws IOException {
        Path calls = dir.resolve("run/calls.log");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    public long count(String call) throws IOException {
        return calls().stream().filter(call::equals).count();
    }

    public long mainPid() {
        return Long.parseLong(run("show", "-p", "MainPID", "--value", unit).strip());
    }

    public String activeState() {
        return run("show", "-p", "ActiveState", "--value", unit).strip();
    }

    /** Runs the fake as an operator would; fails unless it exits 0. */
    public String run(String... args) {
        List<String> command = new ArrayList<>(List.of(executable().toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(CALL.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("fake systemctl " + String.join(" ", args) + " did not return within " + CALL);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("fake systemctl " + String.join(" ", args) + " exited " + process.exitValue()
                        + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code systemctl stop UNIT}: whatever the unit runs is stopped (SIGTERM, SIGKILL after TimeoutStopSec). */
    @Override
    public void close() {
        run("stop", unit);
    }
}
