package io.qfleet.agent.serverconf;

import static java.util.Objects.requireNonNull;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/**
 * Two server conf texts as a unified diff ({@code diff -u} of {@code a/conf/server.conf} and
 * {@code b/conf/server.conf}, 3 lines of context) in which every secret value is {@code ***}
 * ({@link #redacted}), so the diff is safe to send, print and store. Lines are compared as they
 * are, so a secret whose value changes still shows as a {@code -}/{@code +} pair of {@code ***}
 * lines. Applied with {@code patch} to the redacted old text it gives exactly the redacted new
 * text; where the old file holds no secret near a change, that is the file itself.
 */
public final class ServerConfDiff {
    static final String OLD_NAME = "a/conf/server.conf";
    static final String NEW_NAME = "b/conf/server.conf";
    private static final int CONTEXT = 3;
    private static final String NO_NEWLINE = "\\ No newline at end of file";
    /** Marks a last line without terminator while diffing; never in a conf (ISO-8859-1 text is below U+0100). */
    private static final char UNTERMINATED = '\uE000';

    /** One physical line without its {@code \n} ({@code \r} of CRLF stays): as in the file, and as shown. */
    private record Line(String raw, String shown) {}

    private ServerConfDiff() {
    }

    /** The unified diff from {@code before} to {@code after}, secrets redacted; empty when they are the same. */
    public static String unified(String before, String after) {
        requireNonNull(before, "before");
        requireNonNull(after, "after");
        List<Line> old = lines(before);
        List<Line> now = lines(after);
        Patch<String> changes = DiffUtils.diff(raw(old), raw(now));
        if (changes.getDeltas().isEmpty()) {
            return "";
        }
        // The same changes, told with the redacted lines at the same places.
        List<String> oldShown = shown(old);
        List<String> nowShown = shown(now);
        Patch<String> shownChanges = new Patch<>();
        for (AbstractDelta<String> delta : changes.getDeltas()) {
            shownChanges.addDelta(delta.withChunks(chunk(delta.getSource(), oldShown), chunk(delta.getTarget(), nowShown)));
        }
        StringBuilder out = new StringBuilder();
        for (String line : UnifiedDiffUtils.generateUnifiedDiff(OLD_NAME, NEW_NAME, oldShown, shownChanges, CONTEXT)) {
            if (old.isEmpty() && line.startsWith("@@ -1,0 ")) {
                line = "@@ -0,0 " + line.substring("@@ -1,0 ".length()); // diff -u's header for an empty old file
            }
            boolean unterminated = !line.isEmpty() && line.charAt(line.length() - 1) == UNTERMINATED;
            out.append(unterminated ? line.substring(0, line.length() - 1) : line).append('\n');
            if (unterminated) {
                out.append(NO_NEWLINE).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * {@code text} with the value of every secret definition as {@code ***} ({@link ConfSecrets}: whole
     * values of password/secret/token/credential keys, the key parts of object store strings), commented
     * definitions ({@code #pg.password=...}) included; everything else byte for byte, line for line.
     */
    public static String redacted(String text) {
        requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length());
        for (Line line : lines(text)) {
            String shown = line.shown();
            boolean unterminated = !shown.isEmpty() && shown.charAt(shown.length() - 1) == UNTERMINATED;
            out.append(unterminated ? shown.substring(0, shown.length() - 1) : shown + "\n");
        }
        return out.toString();
    }

    private static List<Line> lines(String text) {
        List<Line> lines = new ArrayList<>();
        for (ConfItem item : ConfItem.split(text)) {
            List<String> physical = physical(item.raw());
            List<String> shown = item.isDefinition() ? redactDefinition(item, physical) : List.of(redactComment(physical.get(0)));
            for (int i = 0; i < physical.size(); i++) {
                lines.add(new Line(physical.get(i), shown.get(i)));
            }
        }
        return lines;
    }

    /**
     * A secret definition as {@code key=***}, separator as written. A value continued over more lines
     * keeps its line count (each further line {@code ***}), so the shown lines stay in step with the file's.
     */
    private static List<String> redactDefinition(ConfItem item, List<String> physical) {
        String shown = ConfSecrets.redact(item.key(), item.value());
        if (shown.equals(item.value())) {
            return physical;
        }
        String logical = item.logicalLine();
        List<String> lines = new ArrayList<>();
        String continued = physical.size() > 1 ? "\\" : "";
        lines.add(logical.substring(0, PropertiesText.split(logical).valueStart()) + PropertiesText.escapeValue(shown) + continued
                + crOf(physical.get(0)));
        for (int i = 1; i < physical.size(); i++) {
            String line = physical.get(i);
            int blanks = 0;
            while (blanks < line.length() && PropertiesText.isBlank(line.charAt(blanks))) {
                blanks++;
            }
            lines.add(line.substring(0, blanks) + ConfSecrets.REDACTED + (i < physical.size() - 1 ? "\\" : "") + crOf(line));
        }
        return lines;
    }

    /** A comment that reads as a definition once its {@code #}/{@code !} marks go: {@code # acl.admin.password=quest}. */
    private static String redactComment(String line) {
        int body = 0;
        while (body < line.length() && (PropertiesText.isBlank(line.charAt(body)) || line.charAt(body) == '#' || line.charAt(body) == '!')) {
            body++;
        }
        String ending = crOf(line);
        String content = line.substring(0, line.length() - ending.length());
        if (body == 0 || body >= content.length()) {
            return line;
        }
        String definition = content.substring(body);
        PropertiesText.Split split = PropertiesText.split(definition);
        String value = definition.substring(split.valueStart());
        String shown = ConfSecrets.redact(definition.substring(0, split.keyEnd()), value);
        return shown.equals(value) ? line : content.substring(0, body) + definition.substring(0, split.valueStart()) + shown + ending;
    }

    /** The physical lines of an item without {@code \n}; an unterminated last line carries {@link #UNTERMINATED}. */
    private static List<String> physical(String raw) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', start)) {
            lines.add(raw.substring(start, i));
            start = i + 1;
        }
        if (start < raw.length()) {
            lines.add(raw.substring(start) + UNTERMINATED);
        }
        return lines;
    }

    /** What a line keeps after its content: the {@code \r} of a CRLF line and/or the unterminated mark. */
    private static String crOf(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == UNTERMINATED) {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(end);
    }

    private static Chunk<String> chunk(Chunk<String> rawChunk, List<String> shown) {
        return new Chunk<>(rawChunk.getPosition(), shown.subList(rawChunk.getPosition(), rawChunk.getPosition() + rawChunk.size()));
    }

    private static List<String> raw(List<Line> lines) {
        return lines.stream().map(Line::raw).toList();
    }

    private static List<String> shown(List<Line> lines) {
        return lines.stream().map(Line::shown).toList();
    }
}
