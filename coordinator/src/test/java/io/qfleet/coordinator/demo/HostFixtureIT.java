package io.qfleet.coordinator.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bind-failure retry, with a real QuestDB 8.1.4 whose HTTP port someone else took. */
class HostFixtureIT {
    @TempDir
    Path tmp;

    @Test
    void retriesOnceWithNewPortsWhenAPortIsTaken() throws Exception {
        Path questdbDir = Path.of(System.getProperty("qfleet.questdb.dir", "target/questdb"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        DemoResources resources = new DemoResources(questdbDir, FakeAgentMain.command(), java);
        List<String> log = new CopyOnWriteArrayList<>();
        HostFixture host = HostFixture.prepare(1, tmp, resources, DemoPki.create(tmp));
        DemoServerConf first = host.serverConf();
        try (ServerSocket squatter = new ServerSocket(first.http(), 1, InetAddress.getByName("127.0.0.1"))) {
            host.launchQuestDb(java);
            host.awaitQuestDb(java, log::add);
            assertEquals(first.http(), squatter.getLocalPort());
        } finally {
            host.stop(log::add);
        }
        assertTrue(log.get(0).contains("port was taken meanwhile; retrying with new ports"), log.toString());
        assertTrue(log.get(1).contains("ready on pg"), log.toString());
        assertNotEquals(first, host.serverConf());
        assertEquals(List.of(), QuestDbFinder.serving(host.root()));
    }
}
