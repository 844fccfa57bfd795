package io.qfleet.agent.install;

import static java.util.Objects.requireNonNull;

import io.qfleet.proto.QuestDbConfKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** The server.conf keys a {@code questdb.jar} knows ({@link QuestDbConfKeys}), read from the jar on disk. */
public final class ConfKeys {
    private ConfKeys() {
    }

    /** The keys {@code jar} declares; empty when it holds no {@code io/questdb/PropertyKey.class} or it cannot be read. */
    public static Optional<Set<String>> of(Path jar) {
        requireNonNull(jar, "jar");
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            JarEntry entry = file.getJarEntry(QuestDbConfKeys.PROPERTY_KEY_CLASS);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = file.getInputStream(entry)) {
                return QuestDbConfKeys.fromClassFile(in);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a key list it cannot give is "not checked", never a refusal
        }
    }
}
