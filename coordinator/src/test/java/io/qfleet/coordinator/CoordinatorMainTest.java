package io.qfleet.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.cli.QfleetCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code main} builds only the subcommand it runs: that one must parse, help and fail as in the whole command line. */
class CoordinatorMainTest {
    @TempDir
    Path dir;

    @Test
    void aVerbGetsItsSubcommandAloneAnythingElseGetsThemAll() {
        assertEquals(List.of(QfleetCommand.subcommand("run").orElseThrow()), CoordinatorMain.invoked("run", "-f", "fleet.yaml"));
        assertEquals(QfleetCommand.SUBCOMMANDS, CoordinatorMain.invoked());
        assertEquals(QfleetCommand.SUBCOMMANDS, CoordinatorMain.invoked("--help"));
        assertEquals(QfleetCommand.SUBCOMMANDS, CoordinatorMain.invoked("rnu"));
        assertEquals(QfleetCommand.SUBCOMMANDS, CoordinatorMain.invoked("help", "run"), "help names another subcommand");
    }

    @Test
    void eachSubcommandAloneAnswersAsInTheWholeCommandLine() {
        for (Class<?> verb : QfleetCommand.SUBCOMMANDS) {
            if (verb == HelpCommand.class) {
                continue;
            }
            String name = verb.getAnnotation(Command.class).name();
            for (List<String> args : List.of(List.of(name, "--help"), List.of(name, "--version"), List.of(name, "--no-such-option"))) {
                Ran whole = Ran.with(QfleetCommand.SUBCOMMANDS, args);
                Ran alone = Ran.with(CoordinatorMain.invoked(args.toArray(String[]::new)), args);
                assertEquals(whole, alone, String.join(" ", args));
                if (args.get(1).equals("--no-such-option")) {
                    assertEquals(2, alone.exit());
                    assertTrue(alone.err().contains("--no-such-option") || alone.err().contains("Missing required"), alone.err());
                } else { // the root's --help and --version, inherited
                    assertEquals(0, alone.exit(), alone.err());
                    assertTrue(alone.out().startsWith(args.get(1).equals("--help") ? "Usage: qfleet " + name : "qfleet "), alone.out());
                }
            }
        }
    }

    @Test
    void typosAndHelpStillSeeEverySubcommand() {
        Ran typo = Ran.with(CoordinatorMain.invoked("rnu"), List.of("rnu"));
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("Unmatched argument at index 0: 'rnu'") && typo.err().contains("\n  resume "), typo.err());
        Ran help = Ran.with(CoordinatorMain.invoked("help", "resume"), List.of("help", "resume"));
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("Usage: qfleet resume"), help.out());
    }

    /** A command that dialled an agent leaves none of the channels' loop threads behind: the JVM would wait ~0.3 s at exit. */
    @Test
    void aCommandThatDialledAnAgentEndsTheChannelsLoops() throws Exception {
        Path dist = Files.write(dir.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), new byte[] {1});
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dist)));
        Path fleet = Files.writeString(dir.resolve("fleet.yaml"), "target:\n  distribution: " + dist + "\n  sha256: " + sha256
                + "\n  version: 9.2.2\nagents:\n  plaintext: true\nhosts:\n  - {name: db-1, agent: 127.0.0.1:1}\n");

        int exit = CoordinatorMain.execute("plan", "-f", fleet.toString(), "-o", dir.resolve("plan.json").toString());

        assertNotEquals(0, exit, "nobody listens on 127.0.0.1:1: the plan cannot reach the agent");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith("qfleet-agent-io")),
                "a qfleet-agent-io thread outlived the command");
    }

    private record Ran(int exit, String out, String err) {
        static Ran with(List<Class<?>> subcommands, List<String> args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine line = CoordinatorMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), subcommands);
            int exit = line.execute(args.toArray(String[]::new));
            return new Ran(exit, out.toString(), err.toString());
        }
    }
}
