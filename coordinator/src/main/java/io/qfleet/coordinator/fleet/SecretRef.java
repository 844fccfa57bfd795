package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References to secrets kept outside the fleet file, which never holds them inline.
 * <ul>
 *   <li>{@code ${env:NAME}}: the value of the environment variable NAME; unset is an error.</li>
 *   <li>{@code ${file:path}}: the content of a file (UTF-8, one trailing line break dropped);
 *       a relative path resolves against the fleet file's directory.</li>
 * </ul>
 * A reference may be the whole value or part of it ({@code postgres://admin:${env:PG_PASSWORD}@db-1}).
 * Any other {@code ${} is an error, so a typo never passes as a literal. The loader resolves
 * references in every text value; its messages show the reference, never the resolved value.
 */
public final class SecretRef {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-z]+):([^}]+)}");
    private static final String EXPECTED = "(expected ${env:NAME} or ${file:path})";

    private SecretRef() {}

    public static boolean containsReference(String text) {
        return text.contains("${");
    }

    /**
     * {@code text} with every reference replaced by its value.
     *
     * @param baseDir directory that relative {@code ${file:...}} paths resolve against
     * @param env environment lookup, {@code System::getenv} outside tests
     * @throws IllegalArgumentException with a one-line message naming the reference and what to do
     */
    public static String resolve(String text, Path baseDir, Function<String, String> env) {
        requireNonNull(text, "text");
        requireNonNull(baseDir, "baseDir");
        requireNonNull(env, "env");
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int start = text.indexOf("${"); start >= 0; start = text.indexOf("${", from)) {
            out.append(text, from, start);
            Matcher m = REFERENCE.matcher(text).region(start, text.length());
            if (!m.lookingAt()) {
                int end = text.indexOf('}', start);
                String shown = end < 0 ? text.substring(start) : text.substring(start, end + 1);
                throw new IllegalArgumentException("'" + shown + "' is not a reference " + EXPECTED);
            }
            out.append(value(m.group(0), m.group(1), m.group(2), baseDir, env));
            from = m.end();
        }
        return out.append(text, from, text.length()).toString();
    }

    private static String value(String reference, String kind, String name, Path baseDir,
            Function<String, String> env) {
        switch (kind) {
            case "env": {
                String value = env.apply(name);
                if (value == null) {
                    throw new IllegalArgumentException("environment variable " + name
                            + " is not set (set it, or change " + reference + ")");
                }
                return value;
            }
            case "file":
                return fileContent(reference, name, baseDir);
            default:
                throw new IllegalArgumentException("unknown reference '" + reference + "' " + EXPECTED);
        }
    }

    private static String fileContent(String reference, String name, Path baseDir) {
        Path path;
        try {
            path = baseDir.resolve(name).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(reference + ": '" + name + "' is not a path");
        }
        try {
            String content = Files.readString(path);
            if (content.endsWith("\r\n")) {
                return content.substring(0, content.length() - 2);
            }
            return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(reference + ": " + path + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(reference + ": cannot read " + path + " (" + e.getMessage() + ")");
        }
    }
}
