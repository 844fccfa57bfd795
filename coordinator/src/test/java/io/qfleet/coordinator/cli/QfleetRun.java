package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.CoordinatorMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code qfleet} invocation through {@link CoordinatorMain#commandLineFor}, as {@code main} runs
 * it, as a black box: exit code, captured stdout and stderr, wall time, and the JSON lines of
 * {@code --output json}.
 */
record QfleetRun(List<String> args, int exitCode, String out, String err, Duration took) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static QfleetRun execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long begin = System.nanoTime();
        int code = CoordinatorMain.commandLineFor(new PrintWriter(out, true), new PrintWriter(err, true), args).execute(args);
        QfleetRun run = new QfleetRun(List.of(args), code, out.toString(), err.toString(),
                Duration.ofNanos(System.nanoTime() - begin));
        System.out.println("[qfleet] " + String.join(" ", args) + " -> exit " + code + " in " + run.took().toMillis()
                + " ms\n--- stdout\n" + run.out() + "--- stderr\n" + run.err() + "---");
        return run;
    }

    /** For assertion messages: everything the command printed. */
    String transcript() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** Every stdout line, each required to be one JSON object with a "type". */
    List<JsonNode> jsonLines() {
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode event = JSON.readTree(line);
                if (event == null || !event.isObject() || !event.hasNonNull("type")) {
                    fail("stdout line is not a JSON event: " + line + "\n" + transcript());
                }
                events.add(event);
            } catch (JsonProcessingException e) {
                fail("stdout line is not JSON (" + e.getOriginalMessage() + "): " + line + "\n" + transcript());
            }
        }
        assertFalse(events.isEmpty(), "no JSON on stdout\n" + transcript());
        assertEquals(out.length(), out.stripTrailing().length() + 1, "stdout must end with exactly one line break");
        return events;
    }

    /** The last line, which must be run_finished. */
    JsonNode runFinished() {
        List<JsonNode> events = jsonLines();
        JsonNode last = events.get(events.size() - 1);
        assertEquals("run_finished", last.path("type").asText(), "last line\n" + transcript());
        return last;
    }

    /** The one host of run_finished. */
    JsonNode onlyHost() {
        JsonNode hosts = runFinished().path("hosts");
        assertEquals(1, hosts.size(), "hosts in run_finished\n" + transcript());
        return hosts.get(0);
    }

    /** The stderr text, required to be exactly one line. */
    String oneErrorLine() {
        assertFalse(err.isEmpty(), "nothing on stderr\n" + transcript());
        assertEquals(1, err.split("\n", -1).length - 1, "stderr must be one line\n" + transcript());
        return err.substring(0, err.length() - 1);
    }
}
