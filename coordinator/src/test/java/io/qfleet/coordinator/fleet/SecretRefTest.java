package io.qfleet.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRefTest {

    @TempDir
    Path dir;

    final Function<String, String> env = Map.of("PG_USER", "admin", "PG_PASSWORD", "s3cret")::get;

    @Test
    void textWithoutReferenceIsUnchanged() {
        assertFalse(SecretRef.containsReference("plain $HOME {x}"));
        assertEquals("plain $HOME {x}", SecretRef.resolve("plain $HOME {x}", dir, env));
    }

    @Test
    void resolvesEnvironmentReferencesInsideText() {
        assertTrue(SecretRef.containsReference("${env:PG_USER}"));
        assertEquals("postgres://admin:s3cret@db-1",
                SecretRef.resolve("postgres://${env:PG_USER}:${env:PG_PASSWORD}@db-1", dir, env));
    }

    @Test
    void resolvesFileReferenceRelativeToBaseDirWithoutTrailingLineBreak() throws IOException {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/pg"), "s3cret\r\n");

        assertEquals("s3cret", SecretRef.resolve("${file:secrets/pg}", dir, env));
    }

    @Test
    void refusesUnsetVariableMissingFileAndUnknownForms() {
        assertEquals("environment variable NOPE is not set (set it, or change ${env:NOPE})",
                assertThrows(IllegalArgumentException.class, () -> SecretRef.resolve("${env:NOPE}", dir, env))
                        .getMessage());
        assertEquals("${file:pg}: " + dir.resolve("pg") + " does not exist",
                assertThrows(IllegalArgumentException.class, () -> SecretRef.resolve("${file:pg}", dir, env))
                        .getMessage());
        assertEquals("unknown reference '${vault:pg}' (expected ${env:NAME} or ${file:path})",
                assertThrows(IllegalArgumentException.class, () -> SecretRef.resolve("${vault:pg}", dir, env))
                        .getMessage());
        assertEquals("'${PG_USER}' is not a reference (expected ${env:NAME} or ${file:path})",
                assertThrows(IllegalArgumentException.class, () -> SecretRef.resolve("${PG_USER}", dir, env))
                        .getMessage());
    }
}
