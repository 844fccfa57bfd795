package io.qfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessFinderTest {
    // A shell that looks like QuestDB on its command line: $0.. are the extra arguments.
    private static final String LOOP = "trap 'exit 0' TERM; while :; do sleep 0.1; done";
    private final List<Process> started = new ArrayList<>();
    @TempDir
    Path tmp;

    @AfterEach
    void stopFakes() throws Exception {
        for (Process p : started) {
            p.destroyForcibly(); // our own fake shells, not QuestDB
            p.waitFor();
        }
    }

    private Process fake(Path cwd, String main, String root) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", LOOP, "-Xmx1g", "-p", "q.jar", "-m", main, "-d", root)
                .directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    @Test
    void rootOfReadsDashDAfterTheMainClass() {
        Path cwd = Path.of("/srv");
        assertEquals(Optional.of(Path.of("/var/lib/questdb")), ProcessFinder.rootOf(
                List.of("java", "-d", "/wrong", "-p", "q.jar", "-m", "io.questdb/io.questdb.ServerMain", "-d", "/var/lib/questdb"), Optional.of(cwd)));
        assertEquals(Optional.of(Path.of("/srv/qdb")), ProcessFinder.rootOf(
                List.of("java", "--module=com.questdb/com.questdb.EntServerMain", "-d", "qdb"), Optional.of(cwd)));
        assertEquals(Optional.of(Path.of("/r")), ProcessFinder.rootOf(
                List.of("java", "-cp", "q.jar", "io.questdb.ServerMain", "-d", "/r"), Optional.empty()));
        assertEquals(Optional.empty(), ProcessFinder.rootOf(List.of("java", "-jar", "other.jar", "-d", "/r"), Optional.of(cwd)));
        assertEquals(Optional.empty(), ProcessFinder.rootOf(
                List.of("java", "-m", "io.questdb/io.questdb.ServerMain", "-d"), Optional.of(cwd)));
        assertEquals(Optional.empty(), ProcessFinder.rootOf(
                List.of("java", "-m", "io.questdb/io.questdb.ServerMain", "-d", "rel"), Optional.empty()));
    }

    @Test
    void findsByRealRootIncludingRelativeAndSymlinkedPaths() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path other = Files.createDirectories(tmp.resolve("other"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), root);
        assertEquals(Optional.empty(), ProcessFinder.findQuestDb(root));

        Process p = fake(tmp, "io.questdb/io.questdb.ServerMain", "root"); // relative to its cwd
        fake(tmp, "org.example/org.example.Main", root.toString()); // unrelated, same -d
        assertEquals(Optional.of(p.pid()), ProcessFinder.findQuestDb(root).map(ProcessHandle::pid));
        assertEquals(Optional.of(p.pid()), ProcessFinder.findQuestDb(link).map(ProcessHandle::pid));
        assertEquals(Optional.empty(), ProcessFinder.findQuestDb(other));
        assertEquals(Optional.empty(), ProcessFinder.findQuestDb(tmp.resolve("missing")));
    }

    @Test
    void readsFullArgumentsFromProc() throws Exception {
        Process p = fake(tmp, "io.questdb/io.questdb.ServerMain", "/x y");
        List<String> args = ProcessFinder.arguments(p.toHandle());
        assertTrue(args.containsAll(List.of("-m", "io.questdb/io.questdb.ServerMain", "-d", "/x y")), args.toString());
    }
}
