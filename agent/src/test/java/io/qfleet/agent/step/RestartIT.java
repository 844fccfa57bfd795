package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationCancelledException;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.secrets.PgCredentials;
import io.qfleet.agent.serverconf.HostPort;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart the Enterprise steps use to make QuestDB read server.conf again, on a real Open Source
 * 8.1.4 server (the steps themselves refuse Open Source before any restart, so only this test runs it
 * without an Enterprise tarball): a key written through {@link ConfChange} as the steps write theirs,
 * then {@link Restart}. The server that comes back is a new process, serves the new key, passed the
 * health gate, and server.conf kept every other line.
 */
class RestartIT {
    private static final String COPY_ROOT_KEY = "cairo.sql.copy.root";

    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();

    @TempDir
    Path dir;

    @Test
    void aConfChangeThenARestartServesTheNewKeysFromANewProcess() throws Exception {
        Serving serving = startSource();
        long before = serving.pid();
        QuestDbHost host = serving.host();
        List<String> confBefore = Files.readAllLines(host.confFile());
        HostPort oldPg = host.endpoints().pg();
        String newPg = "127.0.0.1:" + freePort();
        Path copyRoot = Files.createDirectories(dir.resolve("copy-input"));
        RecordingContext context = new RecordingContext();

        ConfChange.write(host, ConfChange.setting(host, Map.of("pg.net.bind.to", newPg, COPY_ROOT_KEY, copyRoot.toString())),
                Edition.OPEN_SOURCE, context);
        Restart.restart(host, 60, 90, context);

        long after = host.process().runningPid().orElseThrow();
        assertNotEquals(before, after, "a new QuestDB process serves the root");
        assertFalse(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false), "the old server is gone");
        assertTrue(context.lines().stream().anyMatch(l -> l.startsWith("QuestDB 8.1.4 healthy and answering SQL")), context.lines().toString());

        QuestDbSql served = new QuestDbSql(HostPort.parse(newPg), QuestDbRoots.USER, () -> QuestDbRoots.PASSWORD, Duration.ofSeconds(30));
        assertTrue(served.answers(), "PG wire on the new pg.net.bind.to");
        assertEquals(copyRoot.toString(), served.roots(host.root()).get("sql_copy_input"), "SHOW PARAMETERS has the new key");
        assertFalse(new QuestDbSql(oldPg, QuestDbRoots.USER, () -> QuestDbRoots.PASSWORD, Duration.ofSeconds(5)).answers(),
                "nothing on the old PG port");

        List<String> confAfter = Files.readAllLines(host.confFile());
        List<String> kept = new ArrayList<>(confBefore);
        kept.removeIf(l -> l.startsWith("pg.net.bind.to="));
        assertTrue(confAfter.containsAll(kept), "server.conf kept its other lines:\n" + String.join("\n", confAfter));
        assertTrue(confAfter.contains("pg.net.bind.to=" + newPg) && confAfter.contains(COPY_ROOT_KEY + "=" + copyRoot),
                String.join("\n", confAfter));
        assertEquals(kept, confAfter.stream().filter(kept::contains).toList(), "in their order");
    }

    /**
     * Keys QuestDB will not start on (strict validation and a key 8.1.4 does not know: exit 55), as a TLS,
     * admins or replication step's restart might meet, with a new login for the agent as the admins step gives:
     * server.conf and the login go back, QuestDB is restarted on them and serves, and the step fails saying so
     * instead of leaving the server down.
     */
    @Test
    void keysQuestDbWillNotStartOnAreUndoneAndQuestDbServesAgain() throws Exception {
        Serving serving = startSource();
        long before = serving.pid();
        QuestDbHost host = serving.host();
        byte[] confBefore = Files.readAllBytes(host.confFile());
        RecordingContext context = new RecordingContext();

        assertEquals(Optional.empty(), host.credentials().stored(), "the agent follows its settings' login");
        PgCredentials.Login override = new PgCredentials.Login(QuestDbRoots.USER, "not-the-password"); // as the admins step's

        AgentException failed = assertThrows(AgentException.class, () -> ConfChange.setAndRestart(host,
                Map.of("config.validation.strict", "true", "qfleet.no.such.key", "1"), Edition.OPEN_SOURCE, override, 60, 60, context));

        assertEquals("server_conf_undone", failed.reason(), failed.getMessage());
        assertTrue(failed.getMessage().startsWith("QuestDB did not come back on config.validation.strict, qfleet.no.such.key ("),
                failed.getMessage());
        assertTrue(failed.getMessage().endsWith("); server.conf is back as it was and QuestDB serves on it again"), failed.getMessage());
        assertArrayEquals(confBefore, Files.readAllBytes(host.confFile()), "server.conf as it was before the step");
        long after = host.process().runningPid().orElseThrow();
        assertNotEquals(before, after, "restarted on the file put back");
        assertEquals(Optional.empty(), host.credentials().stored(), "the agent's login put back with the file");
        assertTrue(host.sql().answers(), "QuestDB answers SQL again, as the agent's login");
    }

    /** A cancel once the restart began: the undo still puts the file back and brings QuestDB up on it, then the cancel stands. */
    @Test
    void aCancelDuringTheRestartStillPutsTheFileBackAndQuestDbServes() throws Exception {
        Serving serving = startSource();
        long before = serving.pid();
        QuestDbHost host = serving.host();
        byte[] confBefore = Files.readAllBytes(host.confFile());
        RecordingContext cancelledOnRestart = RecordingContext.cancelledOnceLogged("restarting QuestDB");

        assertThrows(OperationCancelledException.class, () -> ConfChange.setAndRestart(host,
                Map.of(COPY_ROOT_KEY, Files.createDirectories(dir.resolve("copy-input")).toString()), Edition.OPEN_SOURCE, 60, 60,
                cancelledOnRestart));

        assertArrayEquals(confBefore, Files.readAllBytes(host.confFile()), "server.conf as it was before the step");
        assertNotEquals(before, host.process().runningPid().orElseThrow(), "restarted on the file put back");
        assertTrue(host.sql().answers(), "QuestDB answers SQL again");
    }

    /** An 8.1.4 server serving its root, and the agent's view of the host. */
    private record Serving(long pid, QuestDbHost host) {}

    private Serving startSource() throws IOException {
        AgentHostFixture fixture = AgentHostFixture.create(dir, stopper);
        Files.createDirectories(fixture.stateDir());
        long pid = fixture.startSource();
        return new Serving(pid, new QuestDbHost(fixture.settings()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
