package io.qfleet.coordinator.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.workflow.HostWorkflow;
import io.qfleet.coordinator.workflow.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qfleet demo --output json --hosts 2}, black box: two real QuestDB 8.1.4 hosts with 1,000,000
 * rows each and their agents, migrated to 9.2.2 through the same runner as {@code qfleet run}, then
 * everything stopped and deleted.
 */
class DemoCommandIT {
    private static final long DEFAULT_ROWS = 1_000_000;
    private static final List<String> HOSTS = List.of("demo-1", "demo-2");

    @TempDir
    Path tmp;

    @Test
    void migratesTwoHostsAndLeavesNothingBehind() throws IOException {
        Path work = tmp.resolve("fleet");

        QfleetRun run = QfleetRun.execute("demo", "--output", "json", "--hosts", "2", "--dir", work.toString());

        assertEquals(ExitCodes.DONE, run.exitCode(), run.transcript());
        List<JsonNode> events = run.jsonLines();
        assertEquals("run_started", events.get(0).path("type").asText(), run.transcript());
        assertEquals(DemoResources.TARGET_VERSION, events.get(0).path("target_version").asText());

        JsonNode hosts = run.runFinished().path("hosts");
        assertEquals(HOSTS.size(), hosts.size(), run.transcript());
        for (int i = 0; i < HOSTS.size(); i++) {
            JsonNode host = hosts.get(i);
            String name = host.path("name").asText();
            assertEquals(HOSTS.get(i), name);
            assertEquals("migrated", host.path("status").asText(), name + ": " + host);
            assertEquals(DemoResources.SOURCE_VERSION, host.path("version_before").asText(), name);
            assertEquals(DemoResources.TARGET_VERSION, host.path("version_after").asText(), name);
            assertTrue(host.path("rows_before").isIntegralNumber(), name + ": " + host);
            assertTrue(host.path("rows_before").asLong() >= DEFAULT_ROWS, name + ": " + host);
            assertEquals(host.path("rows_before").asLong(), host.path("rows_after").asLong(), name + ": " + host);
        }

        // Each host through every step in workflow order (staging runs on all hosts at once), each step ok.
        for (String host : HOSTS) {
            List<String> expected = HostWorkflow.FORWARD.stream().map(Step::label).toList();
            List<String> finished = events.stream().filter(e -> e.path("type").asText().equals("step_finished"))
                    .filter(e -> e.path("host").asText().equals(host)).map(e -> e.path("step").asText()).toList();
            assertEquals(expected, finished, host + "\n" + run.transcript());
        }
        // The switch steps go wave by wave, one host down at a time: the canary ends before the next host stops.
        List<String> switchOrder = events.stream().filter(e -> e.path("type").asText().equals("step_started")
                        || e.path("type").asText().equals("step_finished"))
                .filter(e -> !List.of("preflight", "upload", "stage").contains(e.path("step").asText()))
                .map(e -> e.path("host").asText()).distinct().toList();
        assertEquals(HOSTS, switchOrder, run.transcript());
        assertTrue(events.stream().filter(e -> e.path("type").asText().equals("step_finished"))
                .allMatch(e -> e.path("ok").asBoolean()), run.transcript());
        Map<String, String> lastStepStarted = new LinkedHashMap<>();
        events.stream().filter(e -> e.path("type").asText().equals("step_started"))
                .forEach(e -> lastStepStarted.put(e.path("host").asText(), e.path("step").asText()));
        assertEquals(Map.of("demo-1", Step.VERIFY.label(), "demo-2", Step.VERIFY.label()), lastStepStarted);

        // Narration went to stderr, as JSON too, so stdout stays machine-readable.
        for (String line : run.err().split("\n")) {
            assertEquals("demo", new ObjectMapper().readTree(line).path("type").asText(), line);
        }

        assertFalse(Files.exists(work), work + " left behind");
        assertEquals(List.of(), processesMentioning(work), "processes of the demo still running");
    }

    @Test
    void refusesNonEmptyDirAsUsageErrorAndKeepsIt() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("mine"));
        Path precious = Files.writeString(work.resolve("notes.txt"), "not the demo's");

        QfleetRun run = QfleetRun.execute("demo", "--hosts", "1", "--rows", "1000", "--dir", work.toString());

        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        String error = run.err().lines().findFirst().orElse("");
        assertTrue(error.startsWith("--dir: " + work + " ") && error.contains("is not an empty directory"), run.transcript());
        assertFalse(run.err().contains("qfleet: unexpected error"), run.transcript());
        assertEquals("", run.out(), "nothing started, nothing narrated");
        assertEquals("not the demo's", Files.readString(precious));
        assertEquals(List.of(), processesMentioning(work), "processes started for a refused demo");
    }

    @Test
    void refusesADirThatCannotBeMadeInOneLine() throws IOException {
        Path under = Files.writeString(tmp.resolve("a-file"), "").resolve("sub");

        QfleetRun run = QfleetRun.execute("demo", "--hosts", "1", "--rows", "1000", "--dir", under.toString());

        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.transcript());
        assertTrue(lines.get(0).startsWith("qfleet: --dir " + under + ": cannot make the directory ("), run.transcript());
        assertEquals("", run.out(), "nothing started, nothing narrated");
    }

    /** Every process (but this JVM) whose /proc cmdline names {@code dir}, as given or canonical. */
    static List<String> processesMentioning(Path dir) {
        List<String> needles = new ArrayList<>(List.of(dir.toAbsolutePath().normalize().toString()));
        try {
            needles.add(dir.getParent().toRealPath().resolve(dir.getFileName()).toString());
        } catch (IOException e) {
            // the parent is gone as well: the path as given is all there is
        }
        long self = ProcessHandle.current().pid();
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if (Long.parseLong(proc.getFileName().toString()) == self) {
                    continue;
                }
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), UTF_8).replace('\0', ' ');
                } catch (IOException e) {
                    continue; // exited meanwhile
                }
                if (needles.stream().anyMatch(cmdline::contains)) {
                    found.add(proc.getFileName() + ": " + cmdline);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }
}
