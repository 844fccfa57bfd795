package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * QuestDB Enterprise's object store string, {@code scheme::k=v;k=v;} (QUESTDB.md section 6,
 * "Replication"): s3 ({@code bucket}, {@code root}, {@code region} or {@code endpoint}), azblob
 * ({@code endpoint}, {@code container}, {@code root}), gcs ({@code bucket}, {@code root}) and fs
 * ({@code root}, {@code atomic_write_dir}, both absolute). Other parts (CA files, credentials) are
 * passed on as written. Secret parts (names holding key, secret, token, credential or password,
 * except {@code *_path}/{@code *_file}) are shown as {@code ***} by {@link #masked}.
 */
public final class ObjectStoreString {
    static final String MASK = "***";
    private static final List<String> SECRET_WORDS = List.of("key", "secret", "token", "credential", "password");
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "s3", List.of("bucket", "root"),
            "azblob", List.of("endpoint", "container", "root"),
            "gcs", List.of("bucket", "root"),
            "fs", List.of("root", "atomic_write_dir"));
    private static final Map<String, String> EXAMPLES = Map.of(
            "s3", "s3::bucket=<B>;root=<NAME>;region=<R>;access_key_id=<K>;secret_access_key=<S>;",
            "azblob", "azblob::endpoint=https://<ACCT>.blob.core.windows.net;container=<C>;root=<NAME>;account_name=<ACCT>;account_key=<KEY>;",
            "gcs", "gcs::bucket=<B>;root=<NAME>;credential=<BASE64 JSON key>;",
            "fs", "fs::root=<dir>;atomic_write_dir=<scratch dir on the same mount>;");

    private final String scheme;
    private final Map<String, String> parts;

    private ObjectStoreString(String scheme, Map<String, String> parts) {
        this.scheme = scheme;
        this.parts = parts;
    }

    /**
     * Parses and checks {@code value}; a problem is an {@link IllegalArgumentException} whose message
     * shows the string only through {@link #masked}.
     */
    public static ObjectStoreString parse(String value) {
        requireNonNull(value, "value");
        String text = value.strip();
        int separator = text.indexOf("::");
        String scheme = separator < 0 ? "" : text.substring(0, separator);
        if (!REQUIRED.containsKey(scheme)) {
            throw new IllegalArgumentException("'" + masked(text) + "' has no known scheme (expected one of: " + String.join(" | ",
                    EXAMPLES.keySet().stream().sorted().map(EXAMPLES::get).toList()) + ")");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        List<String> written = split(text.substring(separator + 2));
        for (int i = 0; i < written.size(); i++) {
            String part = written.get(i);
            if (part.isBlank()) {
                continue;
            }
            // Named by position, never shown: a part without '=' may be a secret without its key.
            int eq = part.indexOf('=');
            String key = eq < 0 ? "" : part.substring(0, eq).strip();
            String partValue = eq < 0 ? "" : part.substring(eq + 1).strip();
            if (eq < 0 || key.isEmpty() || partValue.isEmpty()) {
                String problem = eq < 0 ? "has no '='" : key.isEmpty() ? "has no name before '='" : "has no value after '='";
                throw new IllegalArgumentException("'" + masked(text) + "': part " + (i + 1) + " " + problem + " (expected "
                        + EXAMPLES.get(scheme) + "; ';;' for a ';' inside a value)");
            }
            if (parts.put(key, partValue) != null) {
                throw new IllegalArgumentException("'" + masked(text) + "' sets " + key + " twice");
            }
        }
        for (String key : REQUIRED.get(scheme)) {
            if (!parts.containsKey(key)) {
                throw new IllegalArgumentException("'" + masked(text) + "' has no " + key + "= (expected " + EXAMPLES.get(scheme) + ")");
            }
        }
        if (scheme.equals("s3") && !parts.containsKey("region") && !parts.containsKey("endpoint")) {
            throw new IllegalArgumentException("'" + masked(text) + "' has neither region= nor endpoint= (expected " + EXAMPLES.get("s3") + ")");
        }
        if (scheme.equals("fs")) {
            for (String key : REQUIRED.get("fs")) {
                if (!parts.get(key).startsWith("/")) {
                    throw new IllegalArgumentException("'" + masked(text) + "': " + key + " is not an absolute path (expected e.g. /mnt/qdb-store/trades)");
                }
            }
        }
        return new ObjectStoreString(scheme, parts);
    }

    public String scheme() {
        return scheme;
    }

    public Optional<String> part(String key) {
        return Optional.ofNullable(parts.get(key));
    }

    /**
     * The names of the parts whose values are secret and so must come from a reference. A key's id
     * ({@code access_key_id}) names the key without giving it: masked, but allowed inline.
     */
    public List<String> secretParts() {
        return parts.keySet().stream().filter(ObjectStoreString::isSecret).filter(k -> !k.endsWith("_id")).toList();
    }

    /** The string as QuestDB reads it, with a {@code ;} after every part. */
    public String value() {
        StringBuilder out = new StringBuilder(scheme).append("::");
        parts.forEach((k, v) -> out.append(k).append('=').append(v).append(';'));
        return out.toString();
    }

    /** {@link #value()} with secret parts as {@code ***}. */
    public String masked() {
        return masked(value());
    }

    @Override
    public String toString() {
        return masked();
    }

    /**
     * {@code text} with the value of every secret part as {@code ***}; a part that is a {@code ${...}}
     * reference stays. A part without {@code =} is {@code ***} whole: it may be a secret without its key.
     */
    public static String masked(String text) {
        int separator = text.indexOf("::");
        if (separator < 0) {
            return text.contains("=") ? MASK : text; // not a store string: it may be anything
        }
        StringBuilder out = new StringBuilder(text.substring(0, separator + 2));
        List<String> parts = split(text.substring(separator + 2));
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            int eq = part.indexOf('=');
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            if (eq > 0 && isSecret(part.substring(0, eq).strip()) && !isReference(value)) {
                out.append(part, 0, eq + 1).append(MASK);
            } else if (eq <= 0 && !part.isBlank()) {
                out.append(MASK);
            } else {
                out.append(part);
            }
            if (i < parts.size() - 1) {
                out.append(';');
            }
        }
        return out.toString();
    }

    /**
     * The parts after {@code scheme::}, as written: split at each {@code ;} but not at {@code ;;},
     * QuestDB's escape for a {@code ;} inside a value (the agent's {@code ConfSecrets.parts} splits alike).
     */
    static List<String> split(String parts) {
        List<String> split = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < parts.length(); i++) {
            char c = parts.charAt(i);
            if (c == ';' && i + 1 < parts.length() && parts.charAt(i + 1) == ';') {
                part.append(";;");
                i++;
            } else if (c == ';') {
                split.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        split.add(part.toString());
        return split;
    }

    static boolean isReference(String value) {
        return value.startsWith("${") && value.endsWith("}") && value.indexOf("${", 1) < 0;
    }

    static boolean isSecret(String partName) {
        String lower = partName.toLowerCase(Locale.ROOT);
        return !lower.endsWith("_path") && !lower.endsWith("_file") && SECRET_WORDS.stream().anyMatch(lower::contains);
    }
}
