package io.qfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A variable read from another process's environment, as a systemd unit gave it to QuestDB. */
class ProcessEnvironmentTest {
    @Test
    void readsAChildsVariableAndNothingElse() throws Exception {
        ProcessBuilder sleeper = new ProcessBuilder("sleep", "30");
        sleeper.environment().put("QDB_CONFIG_VALIDATION_STRICT", "false");
        sleeper.environment().put("QDB_OTHER", "QDB_CONFIG_VALIDATION_STRICT=true");
        Process process = sleeper.start();
        try {
            assertEquals(Optional.of("false"), ProcessEnvironment.variable(process.pid(), "QDB_CONFIG_VALIDATION_STRICT"));
            assertEquals(Optional.empty(), ProcessEnvironment.variable(process.pid(), "QDB_NOT_SET"));
        } finally {
            process.destroy(); // our own child, by its handle
            process.waitFor();
        }
        assertEquals(Optional.empty(), ProcessEnvironment.variable(Long.MAX_VALUE, "PATH"), "no such process");
    }
}
