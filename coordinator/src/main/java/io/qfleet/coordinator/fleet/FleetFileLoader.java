package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads {@code fleet.yaml}: reads the YAML with the line of every key, resolves {@link SecretRef}s,
 * binds to {@link FleetDocument} (unknown keys and missing required keys are refused at every
 * level), then checks values in {@link FleetFileValidator}. Every problem is one
 * {@link FleetFileException} naming file, line and key.
 */
public final class FleetFileLoader {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private FleetFileLoader() {}

    /** Loads {@code file}, taking {@code ${env:...}} references from the process environment. */
    public static FleetFile load(Path file) {
        return load(file, System::getenv);
    }

    /** Loads {@code file} with {@code env} as the environment (tests pass a map's {@code get}). */
    public static FleetFile load(Path file, Function<String, String> env) {
        requireNonNull(file, "file");
        requireNonNull(env, "env");
        if (!Files.exists(file)) {
            throw FleetFileException.of(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw FleetFileException.of(file, "is a directory (expected the fleet file)");
        }
        Path baseDir = file.toAbsolutePath().getParent();
        YamlTree tree = YamlTree.read(file);
        Problems problems = new Problems(file, tree);
        tree.rewriteText((path, text) -> resolveReferences(path, text, baseDir, env, problems));
        FleetDocument document = bind(tree, problems);
        return new FleetFileValidator(baseDir, problems).validate(document);
    }

    private static String resolveReferences(KeyPath path, String text, Path baseDir,
            Function<String, String> env, Problems problems) {
        if (!SecretRef.containsReference(text)) {
            return text;
        }
        try {
            String value = SecretRef.resolve(text, baseDir, env);
            problems.referenced(path, text);
            return value;
        } catch (IllegalArgumentException e) {
            throw problems.at(path, e.getMessage());
        }
    }

    private static FleetDocument bind(YamlTree tree, Problems problems) {
        try {
            FleetDocument document = MAPPER.treeToValue(tree.root(), FleetDocument.class);
            if (document == null) {
                throw problems.at(KeyPath.ROOT, "the file is empty (expected keys: target, hosts, agents)");
            }
            return document;
        } catch (UnrecognizedPropertyException e) {
            throw unknownKey(pathOf(e), e.getReferringClass(), tree, problems);
        } catch (InvalidFormatException e) {
            KeyPath path = pathOf(e);
            throw problems.at(path, problems.shown(path, String.valueOf(e.getValue()))
                    + " is not " + kind(e.getTargetType()));
        } catch (MismatchedInputException e) {
            KeyPath path = pathOf(e);
            JsonNode node = tree.at(path);
            if (node == null && path.key() != null) {
                throw missingKey(path, tree, problems);
            }
            throw problems.at(path, "expected " + kind(e.getTargetType()) + ", found " + found(node, path, problems));
        } catch (JsonMappingException e) {
            throw problems.at(pathOf(e), firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw problems.at(KeyPath.ROOT, firstLine(e.getOriginalMessage()));
        }
    }

    private static KeyPath pathOf(JsonMappingException e) {
        KeyPath path = KeyPath.ROOT;
        for (JsonMappingException.Reference ref : e.getPath()) {
            path = ref.getFieldName() != null ? path.key(ref.getFieldName()) : path.index(ref.getIndex());
        }
        return path;
    }

    private static FleetFileException unknownKey(KeyPath key, Class<?> record, YamlTree tree, Problems problems) {
        String expected = String.join(", ", FleetDocument.keys(record));
        return problems.at(key.parent(), tree.line(key),
                "unknown key '" + key.key() + "' (expected one of: " + expected + ")");
    }

    /**
     * A missing key, unless the same mapping also has an unknown key: Jackson checks required
     * keys first, but "sah256" is more likely a typo of the missing "sha256" than a second problem.
     */
    private static FleetFileException missingKey(KeyPath path, YamlTree tree, Problems problems) {
        KeyPath parent = path.parent();
        JsonNode mapping = tree.at(parent);
        if (FleetDocument.typeAt(parent) instanceof Class<?> record && record.isRecord() && mapping != null) {
            List<String> keys = FleetDocument.keys(record);
            for (Map.Entry<String, JsonNode> field : mapping.properties()) {
                if (!keys.contains(field.getKey())) {
                    return unknownKey(parent.key(field.getKey()), record, tree, problems);
                }
            }
        }
        return problems.at(parent, "missing key '" + path.key() + "'");
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a text value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == BigInteger.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "a mapping of keys" : "a value";
    }

    private static String found(JsonNode node, KeyPath path, Problems problems) {
        if (node == null || node.isNull()) {
            return "no value";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return problems.shown(path, node.asText());
    }

    private static String firstLine(String message) {
        return message == null ? "cannot be read" : message.lines().findFirst().orElse(message);
    }
}
