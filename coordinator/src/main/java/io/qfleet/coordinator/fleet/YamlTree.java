package io.qfleet.coordinator.fleet;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a Jackson tree, plus the line of every key and list item, so that checks
 * made after binding still point at a line. Scalars are kept as the text written in the file
 * ("0123" stays "0123", "9.10" stays "9.10"); Jackson coerces text to numbers when binding. An empty
 * value, quoted or not, is null: it never means anything in a fleet file.
 */
final class YamlTree {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path file;
    private final Map<KeyPath, Integer> lines = new HashMap<>();
    private JsonNode root;

    private YamlTree(Path file) {
        this.file = file;
    }

    /** Reads one YAML document; syntax errors, duplicate keys and empty files are refused. */
    static YamlTree read(Path file) {
        YamlTree tree = new YamlTree(file);
        try (YAMLParser p = YAML.createParser(file.toFile())) {
            if (p.nextToken() == null) {
                throw FleetFileException.at(file, 1, KeyPath.ROOT,
                        "the file is empty (expected keys: target, hosts, agents)");
            }
            tree.root = tree.value(p, KeyPath.ROOT);
            if (p.nextToken() != null) {
                throw FleetFileException.at(file, line(p), KeyPath.ROOT,
                        "a second YAML document (expected one document, remove the '---')");
            }
            return tree;
        } catch (StreamReadException e) {
            throw FleetFileException.at(file, syntaxLine(e), KeyPath.ROOT, "YAML syntax error: " + syntaxProblem(e));
        } catch (IOException e) {
            throw FleetFileException.of(file, "cannot read (" + e.getMessage() + ")");
        }
    }

    JsonNode root() {
        return root;
    }

    /** The line of {@code path}, or of its nearest ancestor in the file (a missing key's parent). */
    int line(KeyPath path) {
        for (KeyPath p = path; p != null; p = p.parent()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 1;
    }

    /** The node at {@code path}, or null when the file has no such key or item. */
    JsonNode at(KeyPath path) {
        if (path.isRoot()) {
            return root;
        }
        JsonNode parent = at(path.parent());
        if (parent == null) {
            return null;
        }
        return path.key() != null ? parent.get(path.key()) : parent.get(path.index());
    }

    /** Replaces every text value with {@code rewrite(path, text)}. */
    void rewriteText(BiFunction<KeyPath, String, String> rewrite) {
        rewriteText(root, KeyPath.ROOT, rewrite);
    }

    private static void rewriteText(JsonNode node, KeyPath path, BiFunction<KeyPath, String, String> rewrite) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : List.copyOf(object.properties())) {
                KeyPath child = path.key(field.getKey());
                if (field.getValue().isTextual()) {
                    object.set(field.getKey(), TextNode.valueOf(rewrite.apply(child, field.getValue().textValue())));
                } else {
                    rewriteText(field.getValue(), child, rewrite);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(rewrite.apply(path.index(i), array.get(i).textValue())));
                } else {
                    rewriteText(array.get(i), path.index(i), rewrite);
                }
            }
        }
    }

    private JsonNode value(YAMLParser p, KeyPath path) throws IOException {
        lines.putIfAbsent(path, line(p));
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            ObjectNode object = NODES.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (object.has(key)) {
                    throw FleetFileException.at(file, line(p), path,
                            "key '" + key + "' is used twice (keys must be unique)");
                }
                lines.put(path.key(key), line(p));
                p.nextToken();
                object.set(key, value(p, path.key(key)));
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            ArrayNode array = NODES.arrayNode();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                array.add(value(p, path.index(array.size())));
            }
            return array;
        }
        String text = token == JsonToken.VALUE_NULL ? "" : p.getText();
        return text.isEmpty() ? NODES.nullNode() : TextNode.valueOf(text);
    }

    private static int line(YAMLParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /**
     * The problem's line, or where the construct began when the problem is the end of the file
     * (an unclosed quote is reported where it opens).
     */
    private static int syntaxLine(StreamReadException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            boolean atEnd = yaml.getProblem() != null && yaml.getProblem().contains("end of stream");
            Mark mark = atEnd && yaml.getContextMark() != null ? yaml.getContextMark() : yaml.getProblemMark();
            return mark.getLine() + 1;
        }
        return e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
    }

    private static String syntaxProblem(StreamReadException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml) {
            String context = yaml.getContext() == null ? "" : yaml.getContext() + ", ";
            return context + yaml.getProblem();
        }
        String message = e.getOriginalMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
