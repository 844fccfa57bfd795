package io.qfleet.coordinator.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.workflow.Step;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JsonLinesRendererTest {

    final ObjectMapper mapper = new ObjectMapper();
    final FakeClock clock = new FakeClock(RunScript.START);
    final StringWriter text = new StringWriter();
    final JsonLinesRenderer renderer = new JsonLinesRenderer(new PrintWriter(text), clock);

    @Test
    void printsOneObjectPerEvent() throws Exception {
        RunScript.play(renderer, clock);
        List<String> lines = text.toString().lines().toList();

        assertEquals(List.of(
                "{\"type\":\"run_started\",\"time\":\"2025-03-01T21:58:03Z\",\"run_id\":\"r-42\","
                        + "\"target_version\":\"9.2.2\",\"hosts\":[\"db-1\",\"db-12\"]}",
                "{\"type\":\"step_started\",\"time\":\"2025-03-01T21:58:03Z\",\"host\":\"db-1\",\"step\":\"upload\"}",
                "{\"type\":\"step_progress\",\"time\":\"2025-03-01T21:58:03Z\",\"host\":\"db-1\",\"step\":\"upload\","
                        + "\"message\":\"\",\"done\":0,\"total\":32715571,\"unit\":\"bytes\"}"),
                lines.subList(0, 3));
        List<String> types = new ArrayList<>();
        for (String line : lines) {
            types.add(mapper.readTree(line).get("type").asText());
        }
        assertEquals(List.of("run_started", "step_started", "step_progress", "step_progress", "step_progress",
                "step_finished", "step_started", "step_progress", "step_progress", "step_finished",
                "host_finished", "host_finished", "run_finished"), types);

        JsonNode heldBack = mapper.readTree(lines.get(8));
        assertEquals(7, heldBack.get("done").asLong());
        assertEquals("2025-03-01T21:58:04.500Z", heldBack.get("time").asText());
        JsonNode failed = mapper.readTree(lines.get(9));
        assertEquals("health gate", failed.get("step").asText());
        assertEquals(false, failed.get("ok").asBoolean());
        assertEquals(3400, failed.get("took_ms").asLong());
        assertEquals("timeout after 120s\n3 tables suspended", failed.get("message").asText());
        JsonNode hostFinished = mapper.readTree(lines.get(11));
        assertEquals("db-12", hostFinished.get("host").asText());
        assertTrue(hostFinished.get("rows_after").isNull());
    }

    @Test
    void lastLineHasExactShape() throws Exception {
        RunScript.play(renderer, clock);
        List<String> lines = text.toString().lines().toList();

        assertEquals("{\"type\":\"run_finished\",\"hosts\":["
                + "{\"name\":\"db-1\",\"status\":\"migrated\",\"version_before\":\"8.1.4\",\"version_after\":\"9.2.2\","
                + "\"rows_before\":2000000,\"rows_after\":2000000,\"message\":\"\"},"
                + "{\"name\":\"db-12\",\"status\":\"failed\",\"version_before\":\"8.1.4\",\"version_after\":\"\","
                + "\"rows_before\":1500,\"rows_after\":null,\"message\":\"health gate: timeout after 120s\"}]}",
                lines.get(lines.size() - 1));
        JsonNode last = mapper.readTree(lines.get(lines.size() - 1));
        List<String> keys = new ArrayList<>();
        last.get("hosts").get(0).fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("name", "status", "version_before", "version_after", "rows_before", "rows_after",
                "message"), keys);
    }

    @Test
    void linesStayWholeAcrossThreads() throws Exception {
        List<Thread> threads = IntStream.range(0, 4)
                .mapToObj(i -> new Thread(() -> {
                    for (int j = 0; j < 200; j++) {
                        renderer.stepStarted("db-" + i, Step.values()[j % Step.values().length]);
                    }
                }))
                .toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        List<String> lines = text.toString().lines().toList();
        assertEquals(800, lines.size());
        for (String line : lines) {
            assertEquals("step_started", mapper.readTree(line).get("type").asText());
        }
    }

    @Test
    void neverThrows() {
        renderer.runStarted("r-1", null, "9.2.2");
        renderer.stepStarted("db-1", null);
        renderer.hostFinished(null);
        renderer.runFinished(null);

        assertEquals("", text.toString());
    }
}
