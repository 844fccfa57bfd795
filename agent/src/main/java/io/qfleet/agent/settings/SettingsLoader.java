package io.qfleet.agent.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads {@code agent.yaml}. Every problem is one line naming the file, the line where Jackson
 * knows it, the key, and what was expected; an unknown key fails the start so a typo never
 * silently falls back to a default.
 */
public final class SettingsLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SettingsLoader() {}

    public static AgentSettings load(Path file) {
        String name = file.toString();
        RawSettings raw;
        try (JsonParser parser = YAML.createParser(Files.readAllBytes(file))) {
            // An empty file (or only comments) has no first token; readValue would call it a mapping error.
            raw = parser.nextToken() == null ? null : YAML.readValue(parser, RawSettings.class);
        } catch (NoSuchFileException e) {
            throw new SettingsException(name + ": no such file (pass the agent's settings with --settings)");
        } catch (UnrecognizedPropertyException e) {
            String expected = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new SettingsException(name + line(e.getLocation()) + ": unknown key '" + keyPath(e) + "' (expected one of: "
                    + expected + ")");
        } catch (MismatchedInputException e) {
            // Jackson's own wording names our classes; say what the key takes instead.
            String key = keyPath(e);
            throw new SettingsException(name + line(e.getLocation()) + ": " + (key.isEmpty() ? "" : key + ": ") + "expected "
                    + shape(e.getTargetType()));
        } catch (JsonMappingException e) {
            String key = keyPath(e);
            throw new SettingsException(name + line(e.getLocation()) + ": " + (key.isEmpty() ? "" : key + ": ") + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new SettingsException(name + line(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SettingsException(name + ": cannot read: " + e.getMessage());
        }
        if (raw == null) {
            throw new SettingsException(name + ": empty settings file");
        }
        return validate(name, raw);
    }

    private static AgentSettings validate(String file, RawSettings raw) {
        String listen = require(file, "listen", raw.listen);
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new SettingsException(file + ": listen: '" + listen + "' is not host:port");
        }
        String host = listen.substring(0, colon);
        int port = parsePort(file, listen.substring(colon + 1));
        if (!Boolean.TRUE.equals(raw.plaintext)) {
            throw new SettingsException(file + ": plaintext: must be true for now (TLS listeners are not built yet); "
                    + "plaintext gRPC is only served on a loopback address");
        }
        if (!isLoopback(host)) {
            throw new SettingsException(file + ": listen: " + host + " is not a loopback address; plaintext gRPC is "
                    + "only served on loopback (use 127.0.0.x)");
        }
        RawQuestDb q = raw.questdb;
        if (q == null) {
            throw new SettingsException(file + ": missing key 'questdb'");
        }
        String run = q.run == null ? "direct" : q.run;
        if (!run.equals("direct")) {
            throw new SettingsException(file + ": questdb.run: '" + run + "' is not supported (expected: direct)");
        }
        Path java = q.java == null ? Path.of(System.getProperty("java.home"), "bin", "java") : absolute(file, "questdb.java", q.java);
        return new AgentSettings(host, port, true,
                absolute(file, "state_dir", require(file, "state_dir", raw.stateDir)),
                absolute(file, "staging_dir", require(file, "staging_dir", raw.stagingDir)),
                absolute(file, "backup_dir", require(file, "backup_dir", raw.backupDir)),
                new AgentSettings.QuestDb(
                        absolute(file, "questdb.root", require(file, "questdb.root", q.root)),
                        absolute(file, "questdb.install_dir", require(file, "questdb.install_dir", q.installDir)),
                        run,
                        java,
                        q.jvmArgs == null ? List.of() : q.jvmArgs,
                        q.pgUser == null ? "admin" : q.pgUser,
                        q.pgPasswordFile == null ? null : absolute(file, "questdb.pg_password_file", q.pgPasswordFile)));
    }

    private static String require(String file, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new SettingsException(file + ": missing key '" + key + "'");
        }
        return value;
    }

    private static Path absolute(String file, String key, String value) {
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw new SettingsException(file + ": " + key + ": '" + value + "' is not an absolute path");
        }
        return path.normalize();
    }

    private static int parsePort(String file, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SettingsException(file + ": listen: port '" + text + "' is not 0-65535 (0 picks a free port)");
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String line(JsonLocation location) {
        return location == null || location.getLineNr() <= 0 ? "" : ":" + location.getLineNr();
    }

    private static String shape(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list, e.g. [-Xmx512m]";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a single value";
        }
        return "a mapping of keys (key: value lines, indented under it)";
    }

    private static String keyPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** The file as written; validated into {@link AgentSettings}. */
    static final class RawSettings {
        @JsonProperty("listen") String listen;
        @JsonProperty("plaintext") Boolean plaintext;
        @JsonProperty("state_dir") String stateDir;
        @JsonProperty("staging_dir") String stagingDir;
        @JsonProperty("backup_dir") String backupDir;
        @JsonProperty("questdb") RawQuestDb questdb;
    }

    static final class RawQuestDb {
        @JsonProperty("root") String root;
        @JsonProperty("install_dir") String installDir;
        @JsonProperty("run") String run;
        @JsonProperty("java") String java;
        @JsonProperty("jvm_args") List<String> jvmArgs;
        @JsonProperty("pg_user") String pgUser;
        @JsonProperty("pg_password_file") String pgPasswordFile;
    }
}
