package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.CoordinatorMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Black box: the command line as {@code qfleet} builds it, with captured stdout and stderr. */
class QfleetCliTest {

    static final String FLEET = """
            target:
              distribution: questdb-9.2.2-no-jre-bin.tar.gz
              sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
              version: 9.2.2
            hosts:
              - name: db-1
                agent: 127.0.0.2:7001
              - name: db-2
                agent: 127.0.0.3:7001
            agents:
              plaintext: true
            """;

    @TempDir
    Path dir;

    Path fleet;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CommandLine qfleet = CoordinatorMain.commandLine(new PrintWriter(out), new PrintWriter(err));

    @BeforeEach
    void files() throws IOException {
        fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, FLEET);
        Files.writeString(dir.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), "archive");
    }

    @Test
    void validateAcceptsGoodFleetFile() {
        assertEquals(0, qfleet.execute("validate", "-f", fleet.toString()));
        assertEquals(fleet + ": ok (2 hosts, target 9.2.2)\n", out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void validateVerboseListsHosts() {
        assertEquals(0, qfleet.execute("validate", "--fleet", fleet.toString(), "-v"));
        assertTrue(out.toString().contains("  host         db-2  127.0.0.3:7001\n"), out.toString());
        assertTrue(out.toString().contains("  timeouts     stop 120s, health gate 120s, wal apply 300s\n"));
    }

    @Test
    void validatePrintsJsonLine() {
        assertEquals(0, qfleet.execute("validate", "-f", fleet.toString(), "--output", "json"));
        assertEquals("{\"type\":\"validated\",\"file\":\"" + fleet + "\",\"hosts\":2,\"target_version\":\"9.2.2\"}\n",
                out.toString());
    }

    @Test
    void badFleetFileExitsTwoWithOneLine() throws IOException {
        Files.writeString(fleet, FLEET + "hots: []\n");

        assertEquals(ExitCodes.USAGE, qfleet.execute("validate", "-f", fleet.toString()));
        assertEquals("qfleet: " + fleet + ":12: unknown key 'hots' (expected one of: target, hosts, timeouts, rollout, backup, agents, tls, admins, access, enterprise_steps, replication)\n",
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void missingFleetFileExitsTwo() {
        Path missing = dir.resolve("nope.yaml");

        assertEquals(ExitCodes.USAGE, qfleet.execute("validate", "-f", missing.toString()));
        assertEquals("qfleet: " + missing + ": no such file\n", err.toString());
    }

    @Test
    void verboseAddsStackTrace() throws IOException {
        Files.writeString(fleet, FLEET.replace("db-2", "db-1"));

        assertEquals(ExitCodes.USAGE, qfleet.execute("validate", "-v", "-f", fleet.toString()));
        String[] lines = err.toString().split("\n");
        assertEquals("qfleet: " + fleet + ":8: hosts[1].name: 'db-1' is used twice (host names must be unique)",
                lines[0]);
        assertTrue(lines.length > 3 && lines[2].contains("at io.qfleet.coordinator.fleet."), err.toString());
    }

    @Test
    void helpListsSubcommandsAndExitCodes() {
        assertEquals(0, qfleet.execute("--help"));
        String help = out.toString();
        assertTrue(help.startsWith("Usage: qfleet [-hV] COMMAND"), help);
        assertTrue(help.lines().anyMatch(l -> l.matches("  validate +Check a fleet file without contacting any host\\.")), help);
        assertTrue(help.contains("  3   failed before the point of no return, rolled back, or refused"), help);
        assertTrue(help.lines().anyMatch(l -> l.startsWith("  rollback ")) && help.lines().anyMatch(l -> l.startsWith("  finalize ")),
                help);
    }

    @Test
    void versionIsDevOutsideJar() {
        assertEquals(0, qfleet.execute("--version"));
        assertEquals("qfleet dev\n", out.toString());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(ExitCodes.USAGE, qfleet.execute());
        assertTrue(err.toString().startsWith("Missing required subcommand"), err.toString());

        assertEquals(ExitCodes.USAGE, qfleet.execute("validate"));
        assertTrue(err.toString().contains("Missing required option: '--fleet=FILE'"), err.toString());

        assertEquals(ExitCodes.USAGE, qfleet.execute("validate", "-f", fleet.toString(), "--output", "xml"));
        assertTrue(err.toString().contains("'xml' is not an output format (expected text or json)"), err.toString());
    }

    @Test
    void laterSubcommandsPrintToSameWritersAndMapExitCodes() {
        qfleet.addSubcommand(new Probe());

        assertEquals(0, qfleet.execute("probe", "--output", "JSON"));
        assertEquals("JsonLinesRenderer\n", out.toString());

        assertEquals(ExitCodes.FAILED_AFTER_POINT_OF_NO_RETURN, qfleet.execute("probe", "--fail", "4"));
        assertEquals("qfleet: db-1 start failed, restore the backup\n", err.toString());

        assertEquals(ExitCodes.UNEXPECTED, qfleet.execute("probe", "--fail", "-1"));
        assertTrue(err.toString().endsWith(
                "qfleet: unexpected error: java.lang.IllegalStateException: boom (run again with -v for the stack trace)\n"),
                err.toString());

        assertEquals(ExitCodes.USAGE, qfleet.execute("probe", "--bogus"));
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
        assertEquals("JsonLinesRenderer\n", out.toString());

        assertEquals(0, qfleet.execute("probe", "-h"));
        assertTrue(out.toString().contains("Usage: qfleet probe [-hvV]"), out.toString());
        assertTrue(out.toString().contains("Exit codes:"), out.toString());
    }

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OutputOptions output;

        @Option(names = "--fail")
        Integer fail;

        @Override
        public Integer call() {
            if (fail != null && fail < 0) {
                throw new IllegalStateException("boom");
            }
            if (fail != null) {
                throw new CommandFailedException(fail, "db-1 start failed, restore the backup");
            }
            spec.commandLine().getOut().println(output.renderer(spec.commandLine().getOut(), java.time.Clock.systemUTC())
                    .getClass().getSimpleName());
            return ExitCodes.DONE;
        }
    }
}
