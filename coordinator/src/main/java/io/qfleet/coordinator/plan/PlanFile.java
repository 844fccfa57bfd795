package io.qfleet.coordinator.plan;

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
        JSON.writeValue(temp.toFile(), plan);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static Plan read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Plan.class);
    }

    public static String json(Plan plan) throws IOException {
        return JsonMapper.builder().build().writeValueAsString(plan);
    }
}
