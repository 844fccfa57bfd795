package io.qfleet.agent.serverconf;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * QuestDB's {@code conf/server.conf}: values as QuestDB sees them plus the raw text, which the
 * line-preserving editor {@link ServerConfEdit} (comments, order, blank lines, line endings kept) builds on.
 */
public final class ServerConf {
    private final String text;
    private final List<String> lines;
    private final Properties values;

    private ServerConf(String text, Properties values) {
        this.text = text;
        this.lines = text.lines().toList();
        this.values = values;
    }

    /** Reads {@code file}; a missing file is an empty conf, as QuestDB then runs on defaults. */
    public static ServerConf read(Path file) {
        requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return parse("");
        } catch (IOException e) {
            throw AgentException.internal("server_conf_unreadable", "cannot read " + file + ": " + e, e);
        }
        // QuestDB loads the file with Properties.load(InputStream), i.e. ISO-8859-1; decoding the
        // same way keeps values identical and lets an editor write the bytes back unchanged.
        return parse(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** Parses conf text (tests, and content received over the wire). */
    public static ServerConf parse(String text) {
        requireNonNull(text, "text");
        Properties values = new Properties();
        try {
            values.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape
            throw AgentException.failedPrecondition("server_conf_invalid", "server.conf is not valid properties syntax: " + e.getMessage());
        }
        return new ServerConf(text, values);
    }

    /** The effective value of {@code key} in this file (environment overrides {@code QDB_*} are not visible here). */
    public Optional<String> get(String key) {
        requireNonNull(key, "key");
        return Optional.ofNullable(values.getProperty(key));
    }

    /** Every key the file sets, as QuestDB's {@code Properties} sees them. */
    public Set<String> keys() {
        return values.stringPropertyNames();
    }

    /** The raw lines, without line terminators, in file order. */
    public List<String> lines() {
        return lines;
    }

    /**
     * The whole text as read, line terminators included: a file decoded as ISO-8859-1, so
     * {@link ServerConfEdit} can write untouched bytes back unchanged.
     */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return "ServerConf{" + lines.size() + " lines, " + values.size() + " keys}";
    }
}
