package io.qfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleOpensTest {
    private static final List<String> OSS_ARGS = List.of("-Xmx4g", "--add-opens=java.base/java.lang=io.questdb",
            "--add-exports", "java.base/jdk.internal.misc=io.questdb,ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-reads=io.questdb=ALL-UNNAMED");

    @Test
    void enterpriseOpensNameBothModules() {
        assertEquals(List.of("-Xmx4g", "--add-opens=java.base/java.lang=io.questdb,com.questdb",
                "--add-exports", "java.base/jdk.internal.misc=io.questdb,ALL-UNNAMED,com.questdb",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-reads=io.questdb=ALL-UNNAMED"),
                ModuleOpens.forModule(OSS_ARGS, "com.questdb"));
    }

    @Test
    void openSourceArgsAreLeftAlone() {
        assertEquals(OSS_ARGS, ModuleOpens.forModule(OSS_ARGS, "io.questdb"));
    }

    @Test
    void argsAlreadyNamingTheModuleAreNotExtendedTwice() {
        List<String> args = List.of("--add-opens=java.base/java.lang=io.questdb,com.questdb");

        assertEquals(args, ModuleOpens.forModule(args, "com.questdb"));
    }
}
