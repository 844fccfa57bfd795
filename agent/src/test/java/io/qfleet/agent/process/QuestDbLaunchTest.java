package io.qfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qfleet.agent.install.DistributionInfo;
import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.questdb.Edition;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuestDbLaunchTest {
    private final QuestDbLaunch launch = new QuestDbLaunch(Path.of("/usr/bin/java"), List.of("-Xmx4g", "-XX:+UseParallelGC"),
            Path.of("/var/lib/questdb/./"), Path.of("/var/log/questdb/out.log"));

    @Test
    void noJreInstallUsesModulePath() {
        assertEquals(List.of("/usr/bin/java", "-Xmx4g", "-XX:+UseParallelGC", "-p", "/opt/questdb-9.2.2/questdb.jar",
                        "-m", "io.questdb/io.questdb.ServerMain", "-d", "/var/lib/questdb"),
                launch.command(Path.of("/opt/questdb-9.2.2/questdb.jar"), null, QuestDbLaunch.OSS_MAIN));
    }

    @Test
    void runtimeInstallUsesItsOwnJava() {
        assertEquals(List.of("/opt/qdb-ee/bin/java", "-Xmx4g", "-XX:+UseParallelGC",
                        "-m", "com.questdb/com.questdb.EntServerMain", "-d", "/var/lib/questdb"),
                launch.command(null, Path.of("/opt/qdb-ee/bin/java"), "com.questdb/com.questdb.EntServerMain"));
    }

    @Test
    void enterpriseDistributionStartsItsModuleWithOpensNamingBoth() {
        QuestDbLaunch withOpens = new QuestDbLaunch(Path.of("/usr/bin/java"), List.of("--add-opens=java.base/java.lang=io.questdb"),
                Path.of("/var/lib/questdb"), Path.of("/var/log/questdb/out.log"));
        DistributionInfo enterprise = new DistributionInfo("runtime", "", Edition.ENTERPRISE, DistributionLayout.ENTERPRISE_MAIN,
                null, Path.of("/opt/questdb/bin/java"));

        assertEquals(List.of("/opt/questdb/bin/java", "--add-opens=java.base/java.lang=io.questdb,com.questdb",
                "-m", "com.questdb/com.questdb.EntServerMain", "-d", "/var/lib/questdb"), withOpens.command(enterprise));
    }

    @Test
    void needsExactlyOneOfJarAndRuntime() {
        assertThrows(IllegalArgumentException.class, () -> launch.command(null, null, QuestDbLaunch.OSS_MAIN));
        assertThrows(IllegalArgumentException.class,
                () -> launch.command(Path.of("/q.jar"), Path.of("/bin/java"), QuestDbLaunch.OSS_MAIN));
        assertThrows(IllegalArgumentException.class, () -> launch.command(Path.of("/q.jar"), null, "io.questdb.ServerMain"));
    }

    @Test
    void jvmArgsAreCopied() {
        assertThrows(UnsupportedOperationException.class, () -> launch.jvmArgs().add("-ea"));
    }
}
