package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.Edition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreCompatibilityTest {
    private static BackupManifest of(String version, String edition) {
        return new BackupManifest(1, "t", version, edition, "checkpoint", "zstd", 1, "SHA-256", 0, 0, List.of(), List.of(), List.of());
    }

    @ParameterizedTest
    @CsvSource({
        "8.1.4, 8.1.4", "8.1.0, 8.1.1", "8.1.4, 8.2.0", "9.2.2, 9.0.0",
        "8.1.4, ''", "'', 9.2.2", // unknown on one side: the started server's build() decides
    })
    void sameMajorRestores(String archived, String installed) {
        RestoreCompatibility.require(of(archived, "OPEN_SOURCE"), installed, Edition.OPEN_SOURCE);
    }

    @ParameterizedTest
    @CsvSource({"8.1.4, 9.2.2", "9.2.2, 8.1.4", "7.4.2, 8.1.4"})
    void anotherMajorIsRefusedWithWhatToDo(String archived, String installed) {
        AgentException e = assertThrows(AgentException.class,
                () -> RestoreCompatibility.require(of(archived, "OPEN_SOURCE"), installed, Edition.OPEN_SOURCE));
        assertEquals("major_version_mismatch", e.reason());
        assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("put QuestDB " + archived.substring(0, 1) + ".x binaries back"), e.getMessage());
    }

    @Test
    void editionsMustMatchWhenBothAreKnown() {
        AgentException e = assertThrows(AgentException.class,
                () -> RestoreCompatibility.require(of("3.1.1", "ENTERPRISE"), "3.1.1", Edition.OPEN_SOURCE));
        assertEquals("edition_mismatch", e.reason());
        RestoreCompatibility.require(of("9.2.2", "UNKNOWN"), "9.2.2", Edition.OPEN_SOURCE);
        RestoreCompatibility.require(of("9.2.2", "OPEN_SOURCE"), "9.2.2", Edition.UNKNOWN);
    }

    @Test
    void majorIsTheFirstNumber() {
        assertEquals("8", RestoreCompatibility.major("8.1.4"));
        assertEquals("10", RestoreCompatibility.major("10.0"));
        assertEquals("", RestoreCompatibility.major(""));
        assertEquals("", RestoreCompatibility.major("dev"));
    }
}
