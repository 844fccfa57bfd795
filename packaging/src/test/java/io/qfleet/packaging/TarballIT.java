package io.qfleet.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as an operator unpacks it: the tree, the coordinator launcher finding lib/, and the
 * agent started through a symlink to its launcher (JVM options from conf/jvm.options, the build's
 * class data sharing archive in lib/), then found ready by {@code qfleet-agent health}.
 */
class TarballIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void unpackedTarballRunsTheCoordinatorAndAnAgent() throws Exception {
        Command.runOk(TIMEOUT, "tar", "-xzf", PackagingFiles.tarball().toString(), "-C", tmp.toString());
        Path top = tmp.resolve(System.getProperty("qfleet.tarball.dir"));
        for (String file : List.of("bin/qfleet", "bin/qfleet-agent")) {
            assertTrue(Files.isExecutable(top.resolve(file)), file + " executable");
        }
        for (String file : List.of("lib/qfleet.jar", "lib/qfleet-agent.jar", "README.md", "docs/packaging.md",
                "docs/adr/0001-agent-privileges.md", "examples/questdb.service", "examples/50-qfleet-agent.rules")) {
            assertTrue(Files.isRegularFile(top.resolve(file)), file);
        }
        Path source = PackagingFiles.sourceDir();
        for (String file : List.of("conf/agent.yaml", "conf/jvm.options", "systemd/qfleet-agent.service")) {
            assertEquals(Files.readString(source.resolve(file)), Files.readString(top.resolve(file)), file);
        }

        Command.Result version = Command.runOk(TIMEOUT, top.resolve("bin/qfleet").toString(), "--version");
        assertTrue(version.output().startsWith("qfleet"), version.output());
        if (Files.exists(Path.of(System.getProperty("qfleet.cli.cds.archive")))) { // not with -Dqfleet.cds.skip=true
            assertTrue(Files.isRegularFile(top.resolve("lib/qfleet.jsa")), "the CLI's archive is shipped");
            Command.Result loaded = Command.runOk(TIMEOUT, "env", "QFLEET_JAVA_OPTS=-Xlog:class+load=info",
                    top.resolve("bin/qfleet").toString(), "--version");
            assertTrue(loaded.output().contains("io.qfleet.coordinator.CoordinatorMain source: shared objects file"),
                    "the launcher maps the shipped archive");
        }

        // Through a symlink, as /usr/bin/qfleet-agent: the launcher must find lib/ beside its real bin/.
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("links")).resolve("qfleet-agent"),
                top.resolve("bin/qfleet-agent"));
        Path run = Files.createDirectories(tmp.resolve("run"));
        try (AgentLaunch agent = AgentLaunch.start(List.of(link.toString()), run)) {
            Command.Result health = Command.run(TIMEOUT, top.resolve("bin/qfleet-agent").toString(), "health", "--settings",
                    agent.settings.toString(), "--timeout", "60");

            assertEquals(0, health.exit(), health.output());
            assertTrue(health.output().contains(" is SERVING"), health.output());
            if (Files.exists(Path.of(System.getProperty("qfleet.agent.cds.archive")))) { // not with -Dqfleet.cds.skip=true
                assertTrue(Files.isRegularFile(top.resolve("lib/qfleet-agent.jsa")), "the build's archive is shipped");
                assertEquals(top.resolve("lib/qfleet-agent.jsa"), agent.sharedArchive());
            }
            assertEquals(143, agent.stop(), agent.output());
        }
    }
}
