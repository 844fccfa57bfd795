package io.qfleet.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.proto.QuestDbConfKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key lists of the real 8.1.4 and 9.2.2 jars, read from their PropertyKey class files. */
class ConfKeysTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheKeysEachVersionDeclares() {
        Set<String> source = ConfKeys.of(QuestDbRoots.sourceJar()).orElseThrow();
        Set<String> target = ConfKeys.of(QuestDbRoots.targetJar()).orElseThrow();
        for (String key : Set.of("config.validation.strict", "cairo.root", "http.net.bind.to", "pg.user", "readonly")) {
            assertTrue(source.contains(key) && target.contains(key), key);
        }
        // 9.2.2 refuses these under strict validation (checked by hand: exit 55 naming the key); 8.1.4 runs with them
        assertTrue(source.contains("line.tcp.symbol.cache.wait.us.before.reload"));
        assertFalse(target.contains("line.tcp.symbol.cache.wait.us.before.reload"));
        assertTrue(source.contains("shared.worker.affinity"));
        assertFalse(target.contains("shared.worker.affinity"));
        assertTrue(target.contains("http.redirect."), "a prefix key, new in 9.x, kept with its dot");
        assertFalse(source.contains("CAIRO_ROOT"), "enum constant names are not keys");
        assertTrue(source.size() > 400 && target.size() > source.size(), source.size() + " / " + target.size());
    }

    @Test
    void aJarWithoutPropertyKeyOrNoJarGivesNone() throws IOException {
        Path jar = tmp.resolve("other.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("io/questdb/Other.class"));
            out.write(new byte[] {1, 2, 3});
        }
        assertEquals(Optional.empty(), ConfKeys.of(jar));
        assertEquals(Optional.empty(), ConfKeys.of(tmp.resolve("missing.jar")));
        Path corrupt = tmp.resolve("corrupt.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(corrupt))) {
            out.putNextEntry(new JarEntry("io/questdb/PropertyKey.class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9, 99});
        }
        assertEquals(Optional.empty(), ConfKeys.of(corrupt), "an unknown constant tag is no key list");
    }

    @Test
    void stringConstantsOfThisVeryClass() throws IOException {
        try (InputStream in = ConfKeysTest.class.getResourceAsStream("ConfKeysTest.class")) {
            assertTrue(QuestDbConfKeys.stringConstants(in).contains("line.tcp.symbol.cache.wait.us.before.reload"));
        }
        assertThrows(IOException.class, () -> QuestDbConfKeys.stringConstants(new ByteArrayInputStream(new byte[] {1, 2, 3, 4})));
    }
}
