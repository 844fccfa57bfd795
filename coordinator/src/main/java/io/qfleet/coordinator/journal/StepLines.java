package io.qfleet.coordinator.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of the two entries every step journals (20 of a migrated host's 21 lines), written field
 * by field with Jackson's streaming generator instead of databind's record serializer, which reads
 * each field through reflection: at a thousand hosts that was most of the journal's JSON cost. The
 * text is databind's to the byte, same fields in the same order (StepLinesTest holds the two
 * together), so readers parse these lines as any other.
 */
final class StepLines {
    private StepLines() {}

    /** The entry's JSON, or null for an entry of another type (written by databind). */
    static String json(JsonFactory factory, JournalEntry entry) {
        if (!(entry instanceof JournalEntry.StepStarted) && !(entry instanceof JournalEntry.StepFinished)) {
            return null;
        }
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = factory.createGenerator(text)) {
            json.writeStartObject();
            if (entry instanceof JournalEntry.StepStarted started) {
                head(json, "step_started", started.time(), started.host(), started.step());
            } else {
                finished(json, (JournalEntry.StepFinished) entry);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void head(JsonGenerator json, String type, Instant time, String host, String step) throws IOException {
        json.writeStringField("type", type);
        json.writeStringField("time", time == null ? null : time.toString());
        json.writeStringField("host", host);
        json.writeStringField("step", step);
    }

    private static void finished(JsonGenerator json, JournalEntry.StepFinished f) throws IOException {
        head(json, "step_finished", f.time(), f.host(), f.step());
        json.writeBooleanField("ok", f.ok());
        json.writeStringField("message", f.message());
        json.writeStringField("version", f.version());
        json.writeNumberField("rows", f.rows());
        json.writeBooleanField("unreachable", f.unreachable());
        json.writeStringField("backup_archive", f.backupArchive());
        List<String> finishing = f.finishingSteps();
        if (finishing != null) { // databind's NON_NULL on the field
            json.writeArrayFieldStart("finishing_steps");
            for (String step : finishing) {
                json.writeString(step);
            }
            json.writeEndArray();
        }
    }
}
