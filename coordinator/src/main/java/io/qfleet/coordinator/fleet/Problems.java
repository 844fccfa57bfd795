package io.qfleet.coordinator.fleet;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the one-line {@link FleetFileException}s of one fleet file, with the line taken from the
 * tree. Remembers which values came from a {@link SecretRef} so that messages show the reference
 * instead of the secret.
 */
final class Problems {

    private final Path file;
    private final YamlTree tree;
    private final Map<KeyPath, String> references = new HashMap<>();

    Problems(Path file, YamlTree tree) {
        this.file = file;
        this.tree = tree;
    }

    /** A problem with the value at {@code path}, on that value's line. */
    FleetFileException at(KeyPath path, String detail) {
        return at(path, tree.line(path), detail);
    }

    /** A problem reported under {@code path} on another line (an unknown key of a mapping). */
    FleetFileException at(KeyPath path, int line, String detail) {
        return FleetFileException.at(file, line, path, detail);
    }

    /** Whether the value at {@code path} came from a {@link SecretRef}. */
    boolean fromReference(KeyPath path) {
        return references.containsKey(path);
    }

    /** The value at {@code path} as written, references unresolved; null when it held none. */
    String written(KeyPath path) {
        return references.get(path);
    }

    void referenced(KeyPath path, String reference) {
        references.put(path, reference);
    }

    /** Whether the value at {@code path} came from a {@link SecretRef} (a secret must). */
    boolean isReferenced(KeyPath path) {
        return references.containsKey(path);
    }

    /** {@code 'value'} in quotes, or "the value of ${env:NAME}" when it came from a reference. */
    String shown(KeyPath path, String value) {
        String reference = references.get(path);
        return reference != null ? "the value of " + reference : "'" + value + "'";
    }
}
