package io.qfleet.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qfleet.agent.AgentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StagingPathsTest {
    @Test
    void stagesBesideTheInstallDir() {
        assertEquals(Path.of("/opt/questdb.staged-op_7.a-B"),
                StagingPaths.stagedDirFor(Path.of("/opt/questdb/"), "op_7.a-B"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "op 1", "op\n1", "é"})
    void refusesOperationIdsThatCannotBeADirectoryNameSuffix(String id) {
        AgentException e = assertThrows(AgentException.class, () -> StagingPaths.stagedDirFor(Path.of("/opt/questdb"), id));

        assertEquals("bad_operation_id", e.reason());
    }

    @Test
    void refusesOperationIdLongerThan100() {
        String id = "x".repeat(101);

        assertEquals("bad_operation_id", assertThrows(AgentException.class,
                () -> StagingPaths.stagedDirFor(Path.of("/opt/questdb"), id)).reason());
        assertEquals(Path.of("/opt/questdb.staged-" + id.substring(1)),
                StagingPaths.stagedDirFor(Path.of("/opt/questdb"), id.substring(1)));
    }
}
