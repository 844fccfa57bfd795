package io.qfleet.coordinator.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** plan.json: written atomically, read back for {@code qfleet run --plan}. */
public final class PlanFile {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private PlanFile() {}

    public static void write(Path file, Plan plan) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(temp.toFile(), plan);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp); // no half-written plan left beside the old one
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** A file that is not a plan {@link #write} wrote; the message says what is wrong in words, not Jackson's (which name our classes). */
    public static final class NotAPlanException extends IOException {
        private static final long serialVersionUID = 1L;

        NotAPlanException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Reads a plan {@link #write} wrote.
     *
     * @throws NotAPlanException for content that is not one: {@code not JSON (line 2: ...)}, {@code
     *         not a plan from qfleet plan -o (...)}, {@code empty}
     * @throws IOException when the file cannot be read
     */
    public static Plan read(Path file) throws IOException {
        if (Files.size(file) == 0) {
            throw new NotAPlanException("empty", null);
        }
        Plan plan;
        try {
            plan = JSON.readValue(file.toFile(), Plan.class);
        } catch (StreamReadException e) {
            throw new NotAPlanException("not JSON (" + at(e) + e.getOriginalMessage().lines().findFirst().orElse("") + ")", e);
        } catch (JsonProcessingException e) {
            throw new NotAPlanException("not a plan from qfleet plan -o (" + at(e) + "its keys or values are not a plan's)", e);
        }
        if (plan == null || plan.planHash() == null || plan.fleetSha256() == null) {
            throw new NotAPlanException("not a plan from qfleet plan -o (no plan_hash or fleet_sha256)", null);
        }
        if (plan.hosts().stream().anyMatch(h -> h.name() == null || h.fingerprint() == null)) {
            throw new NotAPlanException("not a plan from qfleet plan -o (a host without its name or fingerprint)", null);
        }
        return plan;
    }

    private static String at(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? "" : "line " + location.getLineNr() + ": ";
    }

    public static String json(Plan plan) throws IOException {
        return JsonMapper.builder().build().writeValueAsString(plan);
    }
}
