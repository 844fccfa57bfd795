package io.qfleet.coordinator.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestDbFinderTest {
    @TempDir
    Path tmp;

    @Test
    void matchesOnlyServerMainWithThisRoot() {
        Path root = QuestDbFinder.canonical(tmp.resolve("demo-1/root").toString());
        String r = tmp.resolve("demo-1/root").toString();

        assertTrue(QuestDbFinder.serves(List.of("java", "-Xmx256m", "-p", "q.jar", "-m", "io.questdb/io.questdb.ServerMain", "-d", r), root));
        assertTrue(QuestDbFinder.serves(List.of("java", "-cp", "q.jar", "io.questdb.ServerMain", "-d", r + "/"), root));
        assertTrue(QuestDbFinder.serves(List.of("java", "-m", "io.questdb/io.questdb.ServerMain", "-d", tmp + "/demo-1/x/../root"), root));
        assertTrue(QuestDbFinder.serves(List.of("/opt/q/bin/java", "-m", "com.questdb/com.questdb.EntServerMain", "-d", r), root),
                "an Enterprise server on the root (EnterpriseFlowIT)");

        // another host's root, a root merely starting with ours, another main, a relative or missing -d
        assertFalse(QuestDbFinder.serves(List.of("java", "-m", "io.questdb/io.questdb.ServerMain", "-d", tmp + "/demo-2/root"), root));
        assertFalse(QuestDbFinder.serves(List.of("java", "-m", "io.questdb/io.questdb.ServerMain", "-d", r + "2"), root));
        assertFalse(QuestDbFinder.serves(List.of("java", "-jar", "agent.jar", "-d", r), root));
        assertFalse(QuestDbFinder.serves(List.of("java", "-m", "com.questdb/com.questdb.Other", "-d", r), root));
        assertFalse(QuestDbFinder.serves(List.of("java", "-m", "io.questdb/io.questdb.ServerMain", "-d", "root"), root));
        assertFalse(QuestDbFinder.serves(List.of("java", "-m", "io.questdb/io.questdb.ServerMain", "-d"), root));
        assertFalse(QuestDbFinder.serves(List.of(), root));
    }
}
