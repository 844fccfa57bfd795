package io.qfleet.agent.serverconf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One logical element of a server conf with its raw text, line terminators included: a comment or
 * blank line ({@code key == null}), or a definition, which spans more than one physical line when a
 * line ends with an odd number of backslashes. Concatenating every item's {@code raw} gives the
 * file back byte for byte.
 *
 * @param raw       the text exactly as in the file (or as this editor wrote it)
 * @param key       the key as {@code Properties.load} reads it; null for comments and blank lines
 * @param value     the value as {@code Properties.load} reads it; null for comments and blank lines
 * @param firstLine 1-based line number in the file as read; 0 for items this editor added
 */
record ConfItem(String raw, String key, String value, int firstLine) {
    boolean isDefinition() {
        return key != null;
    }

    /** The raw text without its trailing line terminator. */
    String content() {
        return stripTerminator(raw);
    }

    /** The trailing line terminator: "\r\n", "\n", "\r" or "" on an unterminated last line. */
    String terminator() {
        return raw.substring(content().length());
    }

    static ConfItem trivia(String raw, int firstLine) {
        return new ConfItem(raw, null, null, firstLine);
    }

    static ConfItem definition(String raw, int firstLine) {
        Map.Entry<String, String> kv = PropertiesText.parseDefinition(raw);
        return new ConfItem(raw, kv.getKey(), kv.getValue(), firstLine);
    }

    /**
     * Splits {@code text} as {@code Properties.load} reads it: terminators are \r\n, \n or \r; a line
     * whose first non-blank character is {@code #} or {@code !} is a comment and never continues;
     * a definition line ending in an odd number of backslashes takes the next physical line with it.
     */
    static List<ConfItem> split(String text) {
        List<String> physical = physicalLines(text);
        List<ConfItem> items = new ArrayList<>();
        for (int i = 0; i < physical.size(); i++) {
            String line = physical.get(i);
            int lineNumber = i + 1;
            String content = stripTerminator(line);
            int first = firstNonBlank(content);
            if (first < 0 || content.charAt(first) == '#' || content.charAt(first) == '!') {
                items.add(trivia(line, lineNumber));
                continue;
            }
            StringBuilder raw = new StringBuilder(line);
            while (PropertiesText.continues(content) && i + 1 < physical.size()) {
                i++;
                raw.append(physical.get(i));
                content = stripTerminator(physical.get(i));
            }
            items.add(definition(raw.toString(), lineNumber));
        }
        return items;
    }

    /**
     * The definition on one logical line, continuations joined as {@code Properties.load} joins them
     * (the backslash, the terminator and the next line's leading blanks dropped), terminator removed.
     */
    String logicalLine() {
        List<String> physical = physicalLines(raw);
        StringBuilder logical = new StringBuilder();
        for (int i = 0; i < physical.size(); i++) {
            String content = stripTerminator(physical.get(i));
            if (i > 0) {
                int start = 0;
                while (start < content.length() && PropertiesText.isBlank(content.charAt(start))) {
                    start++;
                }
                content = content.substring(start);
            }
            boolean last = i == physical.size() - 1;
            logical.append(last ? content : content.substring(0, content.length() - 1));
        }
        return logical.toString();
    }

    private static List<String> physicalLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                int end = c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                lines.add(text.substring(start, end));
                start = end;
                i = end - 1;
            }
        }
        if (start < n) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static String stripTerminator(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    private static int firstNonBlank(String content) {
        for (int i = 0; i < content.length(); i++) {
            if (!PropertiesText.isBlank(content.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
