package io.qfleet.agent.replication;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.serverconf.ConfSecrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QuestDB Enterprise's {@code replication.object.store} value, {@code scheme::k=v;k=v;} with scheme
 * s3, azblob, gcs or fs (QUESTDB.md section 6, "Replication"). The coordinator validated it in full;
 * the agent parses it again only to find what lives on this host (fs:: directories, CA and credential
 * files). Messages show it only through {@link #redacted()}.
 */
public final class ObjectStore {
    public static final String CONF_KEY = "replication.object.store";
    private static final List<String> SCHEMES = List.of("s3", "azblob", "gcs", "fs");

    private final String value;
    private final String scheme;
    private final Map<String, String> parts;

    private ObjectStore(String value, String scheme, Map<String, String> parts) {
        this.value = value;
        this.scheme = scheme;
        this.parts = parts;
    }

    /** Refused with INVALID_ARGUMENT {@code bad_object_store}; the message never holds a secret part. */
    public static ObjectStore parse(String value) {
        requireNonNull(value, "value");
        int separator = value.indexOf("::");
        String scheme = separator < 0 ? "" : value.substring(0, separator);
        if (!SCHEMES.contains(scheme)) {
            throw bad("replication.object_store: scheme '" + (separator < 0 ? "" : scheme) + "' (expected s3::, azblob::, gcs:: or fs::)");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        List<String> written = ConfSecrets.parts(value.substring(separator + 2));
        for (int i = 0; i < written.size(); i++) {
            String part = written.get(i);
            if (part.isBlank()) {
                continue;
            }
            // Parts are named by position, never shown: one without '=' may be a secret without its key.
            int eq = part.indexOf('=');
            String problem = eq < 0 ? "has no '='" : eq == 0 ? "has no name before '='" : null;
            if (problem == null && parts.putIfAbsent(part.substring(0, eq).strip(), unescape(part.substring(eq + 1).strip())) != null) {
                problem = "repeats " + part.substring(0, eq).strip();
            }
            if (problem != null) {
                throw bad("replication.object_store: part " + (i + 1) + " " + problem + " (expected key=value parts separated by ';',"
                        + " ';;' for a ';' inside a value: " + ConfSecrets.redact(CONF_KEY, value) + ")");
            }
        }
        return new ObjectStore(value, scheme, parts);
    }

    public String scheme() {
        return scheme;
    }

    /** The value of part {@code key}, {@code ;;} read as {@code ;}; empty when missing or blank. */
    public Optional<String> part(String key) {
        return Optional.ofNullable(parts.get(key)).filter(v -> !v.isEmpty());
    }

    /** The whole string, for server.conf only. */
    public String value() {
        return value;
    }

    /** The string with its secret parts as {@code ***}: for messages and logs. */
    public String redacted() {
        return ConfSecrets.redact(CONF_KEY, value);
    }

    @Override
    public String toString() {
        return redacted();
    }

    private static String unescape(String partValue) {
        return partValue.replace(";;", ";");
    }

    private static AgentException bad(String message) {
        return AgentException.invalidArgument("bad_object_store", message);
    }
}
