package io.qfleet.agent.operation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.qfleet.agent.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One JSON file per operation under the agent's state directory, replaced atomically on every
 * event, so a restarted agent knows every operation it ever ran and how far each got.
 */
public final class OperationStore {
    private static final String SUFFIX = ".json";

    private final Path dir;
    private ObjectMapper json;

    public OperationStore(Path dir) {
        this.dir = requireNonNull(dir, "dir");
    }

    public Path dir() {
        return dir;
    }

    public void save(OperationSnapshot snapshot) {
        try {
            AtomicFiles.write(dir.resolve(snapshot.id() + SUFFIX), json().writeValueAsBytes(snapshot));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist operation " + snapshot.id() + " in " + dir, e);
        }
    }

    /** Every stored operation, oldest first. */
    public List<OperationSnapshot> loadAll() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<OperationSnapshot> loaded = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                loaded.add(json().readValue(file.toFile(), OperationSnapshot.class));
            }
        }
        loaded.sort(Comparator.comparing(OperationSnapshot::createdAt).thenComparing(OperationSnapshot::id));
        return loaded;
    }

    /**
     * Built on first use: an ObjectMapper loads ~700 classes (~10 MB RSS), which an agent with no
     * operation on record does not need to serve (README "Footprint").
     */
    private synchronized ObjectMapper json() {
        if (json == null) {
            json = mapper();
        }
        return json;
    }

    private static ObjectMapper mapper() {
        // Instants as ISO-8601 strings without pulling in the jsr310 module for one type.
        SimpleModule instants = new SimpleModule("instants");
        instants.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        instants.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Instant.parse(p.getValueAsString());
            }
        });
        return new ObjectMapper()
                .registerModule(instants)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }
}
