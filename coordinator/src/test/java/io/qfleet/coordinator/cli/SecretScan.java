package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * DESIGN.md section 7: passwords, tokens and object-store keys appear in no log, journal, event,
 * report or error. Collects what an end-to-end test produced (every log, journal, JSON record,
 * report and plan file under the given directories: agent and QuestDB logs, the agents' operation
 * records with their events, qfleet's journal and reports; plus the CLI's stdout and stderr) and
 * fails naming each place a test secret shows up. QuestDB's own server.conf, the agent's 0600
 * credentials and the files the test keeps its secrets in are where secrets belong: their names do
 * not match.
 *
 * <p>A secret rarely leaks as typed: a JSON record escapes its quotes, a logged statement doubles
 * them, a URL or an {@code Authorization} header encodes it. Each secret is searched in every form
 * {@link #forms} lists, and files are searched as bytes for each form's UTF-8 bytes, so a secret
 * outside Latin-1 is found, and a binary file or a stray invalid byte cannot hide one.
 */
final class SecretScan {
    /** Logs, journals, events, reports, plans: text a person or a tool reads. */
    private static final Pattern SCANNED = Pattern.compile(".*\\.(log|jsonl|json|txt|html|out|err)");
    /** A base64 fragment shorter than this could turn up by chance in unrelated base64. */
    private static final int MIN_BASE64_FRAGMENT = 8;

    private SecretScan() {
    }

    /**
     * @param secrets the test's secret values
     * @param trees directories whose matching files are read
     * @param outputs other text by name (a command's stdout, stderr)
     */
    static void assertNoSecret(List<String> secrets, List<Path> trees, Map<String, String> outputs) throws IOException {
        List<Map<String, String>> forms = secrets.stream().map(SecretScan::forms).toList();
        List<String> leaks = new ArrayList<>();
        int files = 0;
        for (Path tree : trees) {
            try (Stream<Path> walk = Files.walk(tree)) {
                for (Path file : walk.filter(Files::isRegularFile).filter(f -> SCANNED.matcher(f.getFileName().toString()).matches()).toList()) {
                    files++;
                    leaks.addAll(find(forms, file.toString(), Files.readAllBytes(file)));
                }
            }
        }
        outputs.forEach((name, text) -> leaks.addAll(find(forms, name, text.getBytes(StandardCharsets.UTF_8))));
        if (files == 0) {
            fail("no log, journal or report found under " + trees + ": the scan would prove nothing");
        }
        if (!leaks.isEmpty()) {
            fail("test secrets leaked (" + leaks.size() + "): " + String.join("; ", leaks));
        }
    }

    /** The ways {@code secret} can be written down, by name: what a leak report says instead of the secret. */
    static Map<String, String> forms(String secret) {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("raw", secret);
        forms.put("JSON-escaped", jsonEscaped(secret, false, "%04x"));
        forms.put("JSON-escaped, non-ASCII as \\u (lower-case hex)", jsonEscaped(secret, true, "%04x"));
        forms.put("JSON-escaped, non-ASCII as \\u (upper-case hex)", jsonEscaped(secret, true, "%04X"));
        forms.put("SQL-quote-doubled", secret.replace("'", "''"));
        forms.put("SQL-identifier-doubled", secret.replace("\"", "\"\""));
        String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.put("URL-encoded", url);
        forms.put("URL-encoded, space as %20", url.replace("+", "%20"));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            forms.put("base64 at byte " + offset + " of 3", base64Fragment(Base64.getEncoder(), bytes, offset));
            forms.put("base64 url-safe at byte " + offset + " of 3", base64Fragment(Base64.getUrlEncoder(), bytes, offset));
        }
        return forms;
    }

    /**
     * The characters of the base64 of {@code bytes} that stay the same whatever surrounds them, when
     * they start {@code offset} bytes into a 3-byte group: base64 of "user:" + secret (HTTP basic
     * auth) holds the secret at offset 2, which encoding the secret alone would miss. A secret too
     * short for a safe fragment is searched as its own whole encoding.
     */
    private static String base64Fragment(Base64.Encoder encoder, byte[] bytes, int offset) {
        if (offset == 0 && bytes.length % 3 == 0) {
            return encoder.encodeToString(bytes).replace("=", "");
        }
        byte[] shifted = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, shifted, offset, bytes.length);
        String encoded = encoder.encodeToString(shifted);
        int from = offset == 0 ? 0 : 4; // the first group mixes in what precedes the secret
        int to = (shifted.length / 3) * 4; // the last partial group mixes in what follows
        String fragment = from < to ? encoded.substring(from, to) : "";
        return fragment.length() >= MIN_BASE64_FRAGMENT ? fragment : encoder.encodeToString(bytes);
    }

    private static String jsonEscaped(String text, boolean asciiOnly, String hex) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Gson escapes < > & = ' by default, and some writers everything beyond ASCII.
                    boolean escape = c < 0x20 || (asciiOnly && (c > 0x7e || "<>&='".indexOf(c) >= 0));
                    out.append(escape ? "\\u" + String.format(hex, (int) c) : String.valueOf(c));
                }
            }
        }
        return out.toString();
    }

    private static List<String> find(List<Map<String, String>> forms, String where, byte[] content) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < forms.size(); i++) {
            for (Map.Entry<String, String> form : forms.get(i).entrySet()) {
                if (contains(content, form.getValue().getBytes(StandardCharsets.UTF_8))) {
                    found.add("secret #" + (i + 1) + " (" + form.getKey() + ") in " + where); // never the secret itself
                    break;
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] content, byte[] needle) {
        outer:
        for (int start = 0; start <= content.length - needle.length; start++) {
            for (int j = 0; j < needle.length; j++) {
                if (content[start + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
