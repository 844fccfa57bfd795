package io.qfleet.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        // The jars' manifests carry the build's version: an operator's qfleet --version and the agent's first log line say it.
        String built = System.getProperty("qfleet.version");
        assertTrue(version.output().startsWith("qfleet " + built + "\n"), version.output());
        // No archive is shipped (one maps only for the jar path it was dumped with): made here, then mapped.
        assertFalse(Files.exists(top.resolve("lib/qfleet.jsa")), "no archive made for another path is shipped");
        Command.runOk(TIMEOUT, top.resolve("bin/qfleet").toString(), "--make-cds-archive");
        Command.Result loaded = Command.runOk(TIMEOUT, "env", "QFLEET_JAVA_OPTS=-Xlog:class+load=info",
                top.resolve("bin/qfleet").toString(), "--version");
        assertTrue(loaded.output().contains("io.qfleet.coordinator.CoordinatorMain source: shared objects file"),
                "the launcher maps the archive made for this tree");

        // Through a symlink, as /usr/bin/qfleet-agent: the launcher must find lib/ beside its real bin/.
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("links")).resolve("qfleet-agent"),
                top.resolve("bin/qfleet-agent"));
        Path run = Files.createDirectories(tmp.resolve("run"));
        try (AgentLaunch agent = AgentLaunch.start(List.of(link.toString()), run)) {
            Command.Result health = Command.run(TIMEOUT, top.resolve("bin/qfleet-agent").toString(), "health", "--settings",
                    agent.settings.toString(), "--timeout", "60");

            assertEquals(0, health.exit(), health.output());
            assertTrue(health.output().contains(" is SERVING"), health.output());
            assertTrue(agent.output().contains("qfleet-agent " + built + ": "), agent.output());
            // lib/ is writable: the first start made the archive for this tree, and the JVM mapped it.
            assertTrue(Files.isRegularFile(top.resolve("lib/qfleet-agent.jsa")), "the first start makes the archive");
            assertEquals(top.resolve("lib/qfleet-agent.jsa"), agent.sharedArchive());
            assertTrue(Files.readString(Path.of("/proc/" + agent.pid() + "/maps")).contains(top.resolve("lib/qfleet-agent.jsa").toString()),
                    "the agent's JVM mapped the archive");
            assertEquals(143, agent.stop(), agent.output());
        }
    }
}
