package io.qfleet.agent.serverconf;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A line-preserving edit of a {@link ServerConf}; pure (no I/O), not thread-safe.
 * <ul>
 *   <li>{@link #set} changes the value on the line that defines the key, keeping how the key and its
 *       separator are written. With duplicates QuestDB (Java properties) uses the last definition, so
 *       that one is edited; earlier ones stay as they are and are reported in {@link #warnings()}.</li>
 *   <li>A key with no definition (a commented template line does not count) goes into ONE block at the
 *       end of the file, between qfleet's marker lines ({@link ManagedBlock}), so a later
 *       strip is exact. The block is created on first use, reused afterwards, and dropped (with the
 *       blank line put before it) once it holds no definition.</li>
 *   <li>{@link #remove} removes every definition of the key, since removing only the last would bring an
 *       earlier one back into effect.</li>
 *   <li>Comments, blank lines, order and line endings survive; new lines use the file's first line ending.
 *       Keys and values are written escaped ({@link PropertiesText}), characters outside ISO-8859-1 as
 *       {@code \\uXXXX}, so QuestDB reads back exactly the string given.</li>
 * </ul>
 * {@link #diff()} and {@link #describeChanges()} are safe to log: secrets are redacted ({@link ConfSecrets}).
 */
public final class ServerConfEdit {
    private final ServerConf original;
    private final LocalDate today;
    private final String newline;
    private final List<ConfItem> originalItems;
    private final List<ConfItem> items;
    /** Touched keys, in the order first touched, with their definitions' values in the original file. */
    private final Map<String, List<String>> before = new LinkedHashMap<>();
    private final Set<String> warnings = new LinkedHashSet<>();

    private ServerConfEdit(ServerConf original, LocalDate today) {
        this.original = original;
        this.today = today;
        this.originalItems = ConfItem.split(original.text());
        this.items = new ArrayList<>(originalItems);
        this.newline = firstTerminator(original.text());
    }

    /** Starts an edit of {@code conf}; {@code clock} dates the managed block if one is created. */
    public static ServerConfEdit of(ServerConf conf, Clock clock) {
        requireNonNull(conf, "conf");
        requireNonNull(clock, "clock");
        return new ServerConfEdit(conf, LocalDate.now(clock));
    }

    /** The conf this edit started from. */
    public ServerConf original() {
        return original;
    }

    /** Sets {@code key} to {@code value}: in place on its last definition, else in the managed block. */
    public ServerConfEdit set(String key, String value) {
        checkKey(key);
        requireNonNull(value, "value");
        remember(key);
        List<Integer> definitions = definitionsOf(key);
        if (definitions.isEmpty()) {
            String line = PropertiesText.escapeKey(key) + "=" + PropertiesText.escapeValue(value) + newline;
            ManagedBlock.add(items, new ConfItem(line, key, value, 0), today, newline);
            return this;
        }
        int last = definitions.get(definitions.size() - 1);
        ConfItem item = items.get(last);
        if (definitions.size() > 1) {
            warnings.add(key + " is defined " + definitions.size() + " times (" + lineList(definitions)
                    + "); QuestDB uses the last one, so " + describeLine(item) + " is edited and the others are kept as they are");
        }
        if (value.equals(item.value())) {
            return this;
        }
        String logical = item.logicalLine();
        PropertiesText.Split split = PropertiesText.split(logical);
        // Keep how the key and separator are written; a bare key ("k" alone) gets one.
        String prefix = split.hasSeparator() ? logical.substring(0, split.valueStart()) : logical.substring(0, split.keyEnd()) + "=";
        items.set(last, new ConfItem(prefix + PropertiesText.escapeValue(value) + item.terminator(), key, value, item.firstLine()));
        return this;
    }

    /** Removes every definition of {@code key}; a key with none is left alone. */
    public ServerConfEdit remove(String key) {
        checkKey(key);
        List<Integer> definitions = definitionsOf(key);
        if (definitions.isEmpty()) {
            return this;
        }
        remember(key);
        if (definitions.size() > 1) {
            warnings.add(key + " is defined " + definitions.size() + " times (" + lineList(definitions) + "); all are removed");
        }
        for (int i = definitions.size() - 1; i >= 0; i--) {
            items.remove((int) definitions.get(i));
        }
        ManagedBlock.dropIfEmpty(items);
        return this;
    }

    /** The value QuestDB would read for {@code key} from the edited text (the last definition). */
    public Optional<String> get(String key) {
        requireNonNull(key, "key");
        List<Integer> definitions = definitionsOf(key);
        return definitions.isEmpty() ? Optional.empty() : Optional.of(items.get(definitions.get(definitions.size() - 1)).value());
    }

    /** Every key defined in the edited text, in file order. */
    public Set<String> keys() {
        return items.stream().filter(ConfItem::isDefinition).map(ConfItem::key).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Keys this edit gives a new or different value (what a guard must check before writing). */
    public Set<String> writtenKeys() {
        Set<String> written = new LinkedHashSet<>();
        before.forEach((key, old) -> {
            List<String> now = valuesOf(key);
            if (!now.isEmpty() && !now.equals(old)) {
                written.add(key);
            }
        });
        return written;
    }

    /** True when the edited text differs from the original. */
    public boolean changed() {
        return !text().equals(original.text());
    }

    /** The edited text; untouched lines are exactly as read. */
    public String text() {
        StringBuilder text = new StringBuilder(original.text().length() + 256);
        items.forEach(item -> text.append(item.raw()));
        return text.toString();
    }

    /** The edited file's bytes, ISO-8859-1 as QuestDB reads it. */
    public byte[] bytes() {
        try {
            ByteBuffer encoded = StandardCharsets.ISO_8859_1.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text()));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            // Only possible for untouched lines of a conf parsed from a string: new text is always escaped.
            throw AgentException.invalidArgument("server_conf_not_latin1",
                    "server.conf text holds characters outside ISO-8859-1, which QuestDB cannot read as written");
        }
    }

    /**
     * The changes as diff lines, {@code - key=old} then {@code + key=new} per touched key, secrets
     * redacted; empty when nothing changed.
     */
    public List<String> diff() {
        List<String> lines = new ArrayList<>();
        before.forEach((key, old) -> {
            List<String> now = valuesOf(key);
            List<String> removed = new ArrayList<>(old);
            now.forEach(removed::remove);
            List<String> added = new ArrayList<>(now);
            old.forEach(added::remove);
            removed.forEach(v -> lines.add("- " + key + "=" + ConfSecrets.redact(key, v)));
            added.forEach(v -> lines.add("+ " + key + "=" + ConfSecrets.redact(key, v)));
        });
        return List.copyOf(lines);
    }

    /** One line naming the keys added, changed and removed; no values. */
    public String describeChanges() {
        List<String> added = new ArrayList<>();
        List<String> changedKeys = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        before.forEach((key, old) -> {
            List<String> now = valuesOf(key);
            if (old.isEmpty() && !now.isEmpty()) {
                added.add(key);
            } else if (!old.isEmpty() && now.isEmpty()) {
                removed.add(key);
            } else if (!old.equals(now)) {
                changedKeys.add(key);
            }
        });
        if (added.isEmpty() && changedKeys.isEmpty() && removed.isEmpty()) {
            return "server.conf: no changes";
        }
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + String.join(", ", added));
        }
        if (!changedKeys.isEmpty()) {
            parts.add("changed " + String.join(", ", changedKeys));
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + String.join(", ", removed));
        }
        return "server.conf: " + String.join("; ", parts);
    }

    /** Things an operator should know, e.g. duplicate definitions of an edited key; no values. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public String toString() {
        return "ServerConfEdit{" + describeChanges() + "}";
    }

    private void remember(String key) {
        before.computeIfAbsent(key, k -> originalItems.stream()
                .filter(item -> k.equals(item.key())).map(ConfItem::value).toList());
    }

    private List<Integer> definitionsOf(String key) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (key.equals(items.get(i).key())) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private List<String> valuesOf(String key) {
        return items.stream().filter(item -> key.equals(item.key())).map(ConfItem::value).toList();
    }

    private String lineList(List<Integer> definitions) {
        return definitions.stream().map(i -> describeLine(items.get(i))).collect(Collectors.joining(", "));
    }

    private static String describeLine(ConfItem item) {
        return item.firstLine() > 0 ? "line " + item.firstLine() : "the qfleet block";
    }

    private static void checkKey(String key) {
        requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key: empty (expected: a server.conf key such as pg.net.bind.to)");
        }
    }

    private static String firstTerminator(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        if (i == text.length()) {
            return "\n";
        }
        return text.charAt(i) == '\r' ? (i + 1 < text.length() && text.charAt(i + 1) == '\n' ? "\r\n" : "\r") : "\n";
    }
}
