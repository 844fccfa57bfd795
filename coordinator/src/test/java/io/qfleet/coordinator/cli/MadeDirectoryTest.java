package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
            List<String> lines = run.err().lines().toList();
            assertEquals(1, lines.size(), run.transcript());
            // the reason is the system's words (strerror), which the locale may translate
            assertTrue(lines.get(0).startsWith("qfleet: --dir " + under + ": cannot make the directory ("), run.transcript());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(inTheWay), left.toList());
        }
    }

    @Test
    void aDirectoryThatIsThereIsTakenAsItIsASymlinkToOneToo() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        assertEquals(real, MadeDirectory.make("--dir " + real, real, ""));
        assertEquals(link, MadeDirectory.make("--dir " + link, link, ""));
        assertEquals(dir.resolve("new/deeper"), MadeDirectory.make("--dir x", dir.resolve("new/deeper"), ""));
        assertTrue(Files.isDirectory(dir.resolve("new/deeper")));
    }

    @Test
    void whatWasMadeAndStayedEmptyGoesAgainNothingElse() throws Exception {
        Path there = Files.createDirectories(dir.resolve("there"));
        Path runs = there.resolve("a/b/runs");
        Path made = MadeDirectory.firstMissing(runs);
        assertEquals(there.resolve("a"), made);
        MadeDirectory.make("--runs-dir " + runs, runs, "");

        MadeDirectory.removeEmpty(runs, made);

        assertFalse(Files.exists(there.resolve("a")), "a, b and runs were made for the command: all three go");
        assertTrue(Files.isDirectory(there), "there was there before");
        assertNull(MadeDirectory.firstMissing(there));
    }

    @Test
    void aMadeDirectoryWrittenIntoStays() throws Exception {
        Path runs = dir.resolve("a/runs");
        Path made = MadeDirectory.firstMissing(runs);
        MadeDirectory.make("--runs-dir " + runs, runs, "");
        Path journal = Files.createDirectories(runs.resolve("r1")).resolve("journal.jsonl");
        Files.writeString(journal, "{}\n");

        MadeDirectory.removeEmpty(runs, made);

        assertTrue(Files.isRegularFile(journal));
    }

    @Test
    void reasonsAreWordsWhereTheJdkGivesOnlyThePath() {
        assertEquals("permission denied", MadeDirectory.reason(new AccessDeniedException("/x")));
        assertEquals("a file of that name is in the way", MadeDirectory.reason(new FileAlreadyExistsException("/x")));
        assertEquals("no such file or directory", MadeDirectory.reason(new NoSuchFileException("/x")));
        assertEquals("Read-only file system", MadeDirectory.reason(new FileSystemException("/x", null, "Read-only file system")));
        assertEquals("disk on fire", MadeDirectory.reason(new IOException("disk on fire")));
    }
}
