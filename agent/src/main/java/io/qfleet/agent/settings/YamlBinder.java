package io.qfleet.agent.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Binds one YAML document onto the settings' raw classes: the fields annotated {@link JsonProperty},
 * of type String, Boolean, Integer, {@code List<String>} or another such class. Unknown keys, duplicate
 * keys and wrong types fail with the file, the line and the key path.
 *
 * <p>Why not Jackson databind: an {@code ObjectMapper} loads ~700 classes, about 10 MB of the agent's
 * idle RSS and a third of its start time (README "Footprint"); SnakeYAML's event parser, which Jackson's
 * YAML module runs on anyway, costs about 200 classes.
 */
final class YamlBinder {
    private final String file;

    private YamlBinder(String file) {
        this.file = file;
    }

    /** The document bound to {@code type}, or null when it holds no value (empty or only comments). */
    static <T> T bind(String file, String yaml, Class<T> type) {
        YamlBinder binder = new YamlBinder(file);
        Node root;
        try {
            root = binder.read(new ParserImpl(new StreamReader(yaml), new LoaderOptions()));
        } catch (MarkedYAMLException e) {
            throw new SettingsException(file + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new SettingsException(file + ": not valid YAML: " + e.getMessage());
        }
        if (root == null || root.isNull()) {
            return null;
        }
        if (root.entries == null) {
            throw new SettingsException(file + ":" + root.line + ": expected keys (listen: ..., questdb: ...), not "
                    + root.describe());
        }
        return type.cast(binder.bind(root, type, ""));
    }

    /** One value of the document: a scalar ({@code text}), a mapping ({@code entries}) or a list ({@code items}). */
    private static final class Node {
        final int line;
        final String text;
        final boolean plain;
        final Map<String, Node> entries;
        final Map<String, Integer> keyLines;
        final List<Node> items;

        private Node(int line, String text, boolean plain, Map<String, Node> entries, List<Node> items) {
            this.line = line;
            this.text = text;
            this.plain = plain;
            this.entries = entries;
            this.keyLines = entries == null ? null : new LinkedHashMap<>();
            this.items = items;
        }

        /** YAML's null: an empty value, {@code ~} or {@code null} written without quotes. */
        boolean isNull() {
            return text != null && plain && (text.isEmpty() || text.equals("~") || text.equalsIgnoreCase("null"));
        }

        String describe() {
            return entries != null ? "a mapping" : items != null ? "a list" : "'" + text + "'";
        }
    }

    private Node read(Parser parser) {
        expect(parser, Event.ID.StreamStart);
        if (parser.checkEvent(Event.ID.StreamEnd)) {
            return null;
        }
        expect(parser, Event.ID.DocumentStart);
        Node root = node(parser);
        expect(parser, Event.ID.DocumentEnd);
        if (!parser.checkEvent(Event.ID.StreamEnd)) {
            throw new SettingsException(file + ":" + line(parser.peekEvent()) + ": a second YAML document; the settings are one document");
        }
        return root;
    }

    private Node node(Parser parser) {
        Event event = parser.getEvent();
        int line = line(event);
        switch (event.getEventId()) {
            case Scalar -> {
                ScalarEvent scalar = (ScalarEvent) event;
                return new Node(line, scalar.getValue(), scalar.getImplicit().canOmitTagInPlainScalar() && scalar.isPlain(), null, null);
            }
            case SequenceStart -> {
                List<Node> items = new ArrayList<>();
                while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                    items.add(node(parser));
                }
                parser.getEvent();
                return new Node(line, null, false, null, items);
            }
            case MappingStart -> {
                Node mapping = new Node(line, null, false, new LinkedHashMap<>(), null);
                while (!parser.checkEvent(Event.ID.MappingEnd)) {
                    Node key = node(parser);
                    if (key.text == null) {
                        throw new SettingsException(file + ":" + key.line + ": a key must be a plain name, not " + key.describe());
                    }
                    if (mapping.entries.containsKey(key.text)) {
                        throw new SettingsException(file + ":" + key.line + ": key '" + key.text + "' appears twice (first on line "
                                + mapping.keyLines.get(key.text) + ")");
                    }
                    mapping.keyLines.put(key.text, key.line);
                    mapping.entries.put(key.text, node(parser));
                }
                parser.getEvent();
                return mapping;
            }
            case Alias -> throw new SettingsException(file + ":" + line + ": YAML aliases (*name) are not supported here; write the value");
            default -> throw new SettingsException(file + ":" + line + ": unexpected YAML " + event.getEventId());
        }
    }

    private void expect(Parser parser, Event.ID id) {
        Event event = parser.getEvent();
        if (!event.is(id)) {
            throw new SettingsException(file + ":" + line(event) + ": unexpected YAML " + event.getEventId() + " (expected " + id + ")");
        }
    }

    private static int line(Event event) {
        return event.getStartMark() == null ? 1 : event.getStartMark().getLine() + 1;
    }

    private Object bind(Node node, Type type, String path) {
        if (node.isNull()) {
            return null;
        }
        if (type == String.class) {
            return scalar(node, path, "a value");
        }
        if (type == Boolean.class) {
            String text = scalar(node, path, "true or false");
            if (node.plain && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                return Boolean.valueOf(text.toLowerCase(Locale.ROOT));
            }
            throw wrongType(node, path, "true or false");
        }
        if (type == Integer.class) {
            try {
                return Integer.valueOf(scalar(node, path, "a whole number"));
            } catch (NumberFormatException e) {
                throw wrongType(node, path, "a whole number");
            }
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (node.items == null) {
                throw wrongType(node, path, "a list ([a, b] or one '- item' per line)");
            }
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < node.items.size(); i++) {
                values.add(bind(node.items.get(i), list.getActualTypeArguments()[0], path + "[" + i + "]"));
            }
            return List.copyOf(values);
        }
        if (type instanceof Class<?> raw && !raw.getName().startsWith("java.")) {
            return object(node, raw, path);
        }
        throw new IllegalStateException("settings field " + path + " has a type YamlBinder does not bind: " + type);
    }

    private String scalar(Node node, String path, String expected) {
        if (node.text == null) {
            throw wrongType(node, path, expected);
        }
        return node.text;
    }

    private Object object(Node node, Class<?> type, String path) {
        if (node.entries == null) {
            throw wrongType(node, path, "keys (key: value, one per line)");
        }
        Map<String, Field> fields = new TreeMap<>();
        for (Field field : type.getDeclaredFields()) {
            JsonProperty key = field.getAnnotation(JsonProperty.class);
            if (key != null && !Modifier.isStatic(field.getModifiers())) {
                fields.put(key.value(), field);
            }
        }
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object target = constructor.newInstance();
            for (Map.Entry<String, Node> entry : node.entries.entrySet()) {
                String keyPath = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                Field field = fields.get(entry.getKey());
                if (field == null) {
                    throw new SettingsException(file + ":" + node.keyLines.get(entry.getKey()) + ": unknown key '" + keyPath
                            + "' (expected one of: " + String.join(", ", fields.keySet()) + ")");
                }
                field.setAccessible(true);
                field.set(target, bind(entry.getValue(), field.getGenericType(), keyPath));
            }
            return target;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot bind settings class " + type.getName(), e);
        }
    }

    private SettingsException wrongType(Node node, String path, String expected) {
        return new SettingsException(file + ":" + node.line + ": " + path + ": expected " + expected + ", not " + node.describe());
    }
}
