package io.qfleet.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.coordinator.journal.RunJournal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

    @TempDir
    Path dir;

    JsonNode render() throws Exception {
        String json = JsonReport.render(RunReport.from(RunJournal.read(dir.resolve(RunJournal.FILE_NAME))));
        return new ObjectMapper().readTree(json);
    }

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void oneDocumentWithSnakeCaseKeys() throws Exception {
        JournalScript.Runs.rolledBack(dir, "rolled back");
        JsonNode root = render();

        assertEquals(List.of("run_id", "fleet_file", "target_version", "state", "started", "finished", "last_entry",
                "resumed", "resumes", "totals", "hosts"), keys(root));
        assertEquals(List.of("hosts", "migrated", "failed", "rolled_back", "not_started", "in_progress",
                "downtime_total_ms", "downtime_longest_ms", "downtime_longest_host", "downtime_open"),
                keys(root.get("totals")));
        assertEquals(List.of("name", "wave", "status", "version_before", "version_after", "rows_before", "rows_after",
                "message", "after_point_of_no_return", "unreachable", "point_of_no_return", "downtime", "checks",
                "steps"), keys(root.get("hosts").get(0)));
        assertEquals("2026-05-01T03:00:00Z", root.get("started").asText());
        assertEquals(36_400, root.get("totals").get("downtime_total_ms").asLong());
        assertEquals(1, root.get("totals").get("rolled_back").asInt());

        JsonNode db2 = root.get("hosts").get(1);
        assertEquals("rolled_back", db2.get("status").asText());
        assertEquals(List.of("start", "end", "ended_by", "duration_ms", "open"), keys(db2.get("downtime")));
        assertEquals("rollback", db2.get("downtime").get("ended_by").asText());
        assertEquals(24_200, db2.get("downtime").get("duration_ms").asLong());
        JsonNode gate = db2.get("steps").get(7);
        assertEquals(List.of("step", "attempt", "result", "started", "finished", "last_seen", "duration_ms", "message",
                "version", "rows"), keys(gate));
        assertEquals("health gate", gate.get("step").asText());
        assertEquals("failed", gate.get("result").asText());
        assertEquals(10_000, gate.get("duration_ms").asLong());
        assertTrue(gate.get("rows").isNull());
        assertEquals(List.of("preflight", "inventory", "health gate", "verify"),
                root.get("hosts").get(0).get("checks").findValuesAsText("step"));

        JsonNode db3 = root.get("hosts").get(2);
        assertTrue(db3.get("downtime").isNull());
        assertTrue(db3.get("rows_before").isNull());
        assertEquals(0, db3.get("steps").size());
    }

    @Test
    void unfinishedStepHasNullEndAndOpenDowntime() throws Exception {
        JournalScript.Runs.crashed(dir);
        JsonNode root = render();

        assertEquals("incomplete", root.get("state").asText());
        assertTrue(root.get("finished").isNull());
        JsonNode db2 = root.get("hosts").get(1);
        assertEquals("in_progress", db2.get("status").asText());
        assertTrue(db2.get("downtime").get("open").asBoolean());
        assertTrue(db2.get("downtime").get("end").isNull());
        JsonNode swap = db2.get("steps").get(5);
        assertEquals("unfinished", swap.get("result").asText());
        assertTrue(swap.get("finished").isNull());
        assertTrue(swap.get("duration_ms").isNull());
        assertEquals("2026-05-01T03:00:31.300Z", swap.get("last_seen").asText());
    }
}
