package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory a command writes into that cannot be made: one line naming the option, exit 2, nothing written. */
class MadeDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void pkiRefusesADirectoryThatCannotBeMade() throws Exception {
        Path inTheWay = Files.writeString(dir.resolve("a-file"), "");
        Path under = inTheWay.resolve("sub");
        for (List<String> args : List.of(List.of("pki", "init", "--dir", under.toString()),
                List.of("pki", "token", "--dir", under.toString()))) { // demo --dir: DemoCommandIT
            QfleetRun run = QfleetRun.execute(args.toArray(String[]::new));

            assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
            assertEquals(List.of("qfleet: --dir " + under + ": cannot make the directory (Not a directory)"), run.err().lines().toList(),
                    run.transcript());
        }
        assertEquals(List.of(inTheWay), Files.list(dir).toList());
    }
}
