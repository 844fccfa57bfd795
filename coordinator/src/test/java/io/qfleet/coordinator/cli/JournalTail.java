package io.qfleet.coordinator.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.workflow.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The journal of the newest run in a runs dir, read as a running qfleet writes it: complete lines only
 * (a line torn by a kill is left out), polled until a line appears. For tests that act on a host at a
 * chosen point of a run (pause or kill the coordinator, break the host).
 */
final class JournalTail {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path runsDir;

    JournalTail(Path runsDir) {
        this.runsDir = runsDir;
    }

    /** {@code qfleet-runs} beside the fleet file, where a run without --runs-dir keeps its journal. */
    static JournalTail besides(Path fleetFile) {
        return new JournalTail(fleetFile.toAbsolutePath().getParent().resolve("qfleet-runs"));
    }

    /** A {@code step_started} (or {@code step_finished}) line of {@code host}'s {@code step}. */
    static Predicate<JsonNode> step(String type, String host, Step step) {
        return line -> line.path("type").asText().equals(type) && line.path("host").asText().equals(host)
                && line.path("step").asText().equals(step.name());
    }

    /** Waits until a line matches; fails the test after {@code timeout}, or at once when {@code alive} says the writer ended. */
    void await(Predicate<JsonNode> line, Duration timeout, QfleetProcess writer) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lines().stream().noneMatch(line)) {
            if (writer != null && !writer.alive()) {
                fail("qfleet ended before the journal line\n" + writer.transcript());
            }
            if (System.nanoTime() > deadline) {
                fail("no such journal line in " + timeout + (writer == null ? "" : "\n" + writer.transcript()));
            }
            pause(5);
        }
    }

    boolean contains(Predicate<JsonNode> line) {
        return lines().stream().anyMatch(line);
    }

    /** The newest run's id (run ids sort by their start time), or null before the first run wrote its journal. */
    String runId() {
        try (Stream<Path> dirs = Files.isDirectory(runsDir) ? Files.list(runsDir) : Stream.empty()) {
            return dirs.filter(d -> Files.exists(d.resolve(RunJournal.FILE_NAME))).map(d -> d.getFileName().toString())
                    .max(String::compareTo).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path runDir() {
        return runsDir.resolve(runId());
    }

    /** Every complete line of the newest run's journal; empty before it exists. */
    List<JsonNode> lines() {
        String run = runId();
        if (run == null) {
            return List.of();
        }
        try {
            String text = Files.readString(runsDir.resolve(run).resolve(RunJournal.FILE_NAME), UTF_8);
            List<JsonNode> lines = new ArrayList<>();
            int start = 0;
            for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
                lines.add(JSON.readTree(text.substring(start, end)));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
