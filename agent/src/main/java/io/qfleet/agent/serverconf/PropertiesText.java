package io.qfleet.agent.serverconf;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * Java-properties syntax as {@link Properties#load(java.io.Reader)} reads it, for one definition at a
 * time, and the escaping that writes a key or value back so QuestDB (ISO-8859-1, {@code Properties.load})
 * reads exactly that string. Escaping is minimal, unlike {@code Properties.store}: {@code 127.0.0.1:9000}
 * stays readable, only what load would otherwise change is escaped.
 */
final class PropertiesText {
    private PropertiesText() {
    }

    /** The one key and value of a definition's raw text (continuation lines included). */
    static Map.Entry<String, String> parseDefinition(String raw) {
        Properties one = new Properties();
        try {
            one.load(new StringReader(raw));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        if (one.size() != 1) {
            throw new IllegalStateException("expected one definition, got " + one.size());
        }
        String key = one.stringPropertyNames().iterator().next();
        return Map.entry(key, one.getProperty(key));
    }

    /**
     * Where the key ends and the value starts in a logical line (continuations joined, leading blanks
     * kept), as {@code Properties.load} splits it: between them the separator ({@code =}, {@code :} or
     * blanks) and the blanks around it; both are the line's length for a bare key.
     */
    record Split(int keyEnd, int valueStart) {
        boolean hasSeparator() {
            return valueStart > keyEnd;
        }
    }

    static Split split(String logical) {
        int limit = logical.length();
        int i = 0;
        while (i < limit && isBlank(logical.charAt(i))) {
            i++;
        }
        boolean precedingBackslash = false;
        boolean hasSeparator = false;
        int valueStart = limit;
        int keyEnd = limit;
        for (; i < limit; i++) {
            char c = logical.charAt(i);
            if ((c == '=' || c == ':') && !precedingBackslash) {
                keyEnd = i;
                valueStart = i + 1;
                hasSeparator = true;
                break;
            }
            if (isBlank(c) && !precedingBackslash) {
                keyEnd = i;
                valueStart = i + 1;
                break;
            }
            precedingBackslash = c == '\\' && !precedingBackslash;
        }
        while (valueStart < limit) {
            char c = logical.charAt(valueStart);
            if (!isBlank(c)) {
                if (!hasSeparator && (c == '=' || c == ':')) {
                    hasSeparator = true;
                } else {
                    break;
                }
            }
            valueStart++;
        }
        return new Split(keyEnd, valueStart);
    }

    /** A key: backslash, blanks, {@code =}, {@code :} and a leading {@code #}/{@code !} escaped. */
    static String escapeKey(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case ' ', '=', ':' -> out.append('\\').append(c);
                case '#', '!' -> out.append(i == 0 ? "\\" : "").append(c);
                default -> appendCommon(out, c);
            }
        }
        return out.toString();
    }

    /**
     * A value: backslash, a leading blank and a leading {@code =}/{@code :} escaped (after a blank
     * separator load would take that one for the separator); inside, {@code =}, {@code :}, {@code #} need nothing.
     */
    static String escapeValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (i == 0 && (c == ' ' || c == '=' || c == ':')) {
                out.append('\\').append(c);
            } else {
                appendCommon(out, c);
            }
        }
        return out.toString();
    }

    private static void appendCommon(StringBuilder out, char c) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\f' -> out.append("\\f");
            default -> {
                // Printable ASCII and Latin-1 letters go as they are (the file is ISO-8859-1); controls,
                // C1 and anything outside Latin-1 as \\uXXXX, which load turns back into the same char.
                if ((c >= 0x20 && c < 0x7f) || c >= 0xa0 && c <= 0xff) {
                    out.append(c);
                } else {
                    out.append(String.format("\\u%04X", (int) c));
                }
            }
        }
    }

    /** The blanks {@code Properties.load} skips around keys and separators. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    /** True when {@code content} (no terminator) ends with an odd number of backslashes: the definition continues. */
    static boolean continues(String content) {
        int count = 0;
        for (int i = content.length() - 1; i >= 0 && content.charAt(i) == '\\'; i--) {
            count++;
        }
        return count % 2 == 1;
    }
}
