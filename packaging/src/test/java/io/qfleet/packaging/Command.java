package io.qfleet.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command as an argument list, stdout and stderr merged, with a bounded wait. */
final class Command {
    private Command() {}

    /** Exit code and merged output of a finished command. */
    record Result(int exit, String output) {
        Result requireSuccess(List<String> command) {
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exit + ":\n" + output);
            }
            return this;
        }
    }

    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, List.of(command));
    }

    static Result run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[][] output = new byte[1][];
        // Drained on its own thread: a chatty command must not fill the pipe and hang.
        Thread drain = new Thread(() -> output[0] = readAll(process.getInputStream()), "drain-" + command.get(0));
        drain.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            drain.join(10_000);
            throw new AssertionError(String.join(" ", command) + " still running after " + timeout);
        }
        drain.join(10_000);
        return new Result(process.exitValue(), output[0] == null ? "" : new String(output[0], StandardCharsets.UTF_8));
    }

    static Result runOk(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, command).requireSuccess(List.of(command));
    }

    /** Whether {@code name} is an executable on PATH. */
    static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return ("(output unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
        }
    }
}
