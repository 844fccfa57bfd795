package io.qfleet.agent.serverconf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.Edition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfWriterTest {
    private static final String OSS = "config.validation.strict=true\r\n#acl.enabled=false\r\npg.net.bind.to=127.0.0.1:8812\r\n";
    @TempDir
    Path dir;

    private Path conf(String text) throws Exception {
        Path file = Files.createDirectories(dir.resolve("conf")).resolve("server.conf");
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        return file;
    }

    private static ServerConfEdit edit(Path file) {
        return ServerConfEdit.of(ServerConf.read(file), ServerConfEditTest.CLOCK);
    }

    private List<Path> backups() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("conf"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("server.conf.qfleet-")).sorted().toList();
        }
    }

    @Test
    void writesAtomicallyAndKeepsThePreviousFile() throws Exception {
        Path file = conf(OSS);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        ServerConfEdit edit = edit(file).set("pg.net.bind.to", "127.0.0.1:18812");
        ServerConfWriter.Result result = ServerConfWriter.write(file, edit, Edition.OPEN_SOURCE, ServerConfEditTest.CLOCK);
        Path previous = file.resolveSibling("server.conf.qfleet-20260314-092653");
        assertEquals(new ServerConfWriter.Result(true, Optional.of(previous), "server.conf: changed pg.net.bind.to"), result);
        assertEquals(OSS.replace(":8812", ":18812"), Files.readString(file, StandardCharsets.ISO_8859_1));
        assertEquals(OSS, Files.readString(previous, StandardCharsets.ISO_8859_1));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "secrets stay as private as they were");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(previous)));
        assertEquals(List.of(previous), backups());
        assertFalse(Files.exists(file.resolveSibling(".server.conf.tmp")));

        // A second write in the same second does not overwrite the first copy.
        ServerConfWriter.Result again = ServerConfWriter.write(file, edit(file).set("pg.net.bind.to", "127.0.0.1:2"),
                Edition.OPEN_SOURCE, ServerConfEditTest.CLOCK);
        assertEquals(Optional.of(file.resolveSibling("server.conf.qfleet-20260314-092653-2")), again.previous());
        assertEquals(OSS.replace(":8812", ":18812"), Files.readString(again.previous().orElseThrow(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void noChangeWritesNothing() throws Exception {
        Path file = conf(OSS);
        ServerConfWriter.Result result = ServerConfWriter.write(file, edit(file).set("pg.net.bind.to", "127.0.0.1:8812"), Edition.OPEN_SOURCE);
        assertEquals(new ServerConfWriter.Result(false, Optional.empty(), "server.conf: no changes"), result);
        assertEquals(List.of(), backups());
    }

    /** The undo of a step's write: the kept copy's bytes and mode back, or the file gone when the write made it. */
    @Test
    void putBackRestoresThePreviousBytesOrRemovesAFileTheWriteMade() throws Exception {
        Path file = conf(OSS);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        ServerConfWriter.Result written = ServerConfWriter.write(file, edit(file).set("pg.net.bind.to", "127.0.0.1:18812"),
                Edition.OPEN_SOURCE, ServerConfEditTest.CLOCK);
        ServerConfWriter.putBack(file, written);
        assertEquals(OSS, Files.readString(file, StandardCharsets.ISO_8859_1));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(written.previous().orElseThrow()), backups(), "the kept copy stays");

        Path made = dir.resolve("other/server.conf");
        ServerConfWriter.Result created = ServerConfWriter.write(made, edit(made).set("pg.net.bind.to", "127.0.0.1:1"),
                Edition.OPEN_SOURCE);
        ServerConfWriter.putBack(made, created);
        assertFalse(Files.exists(made), "a file the write created is removed");

        ServerConfWriter.Result nothing = ServerConfWriter.write(file, edit(file).set("pg.net.bind.to", "127.0.0.1:8812"),
                Edition.OPEN_SOURCE);
        ServerConfWriter.putBack(file, nothing);
        assertEquals(OSS, Files.readString(file, StandardCharsets.ISO_8859_1), "an edit that changed nothing has nothing to undo");
    }

    @Test
    void missingFileIsCreatedWithoutACopy() throws Exception {
        Path file = dir.resolve("conf/server.conf");
        ServerConfEdit edit = edit(file).set("http.min.net.bind.to", "127.0.0.1:19003");
        ServerConfWriter.Result result = ServerConfWriter.write(file, edit, Edition.OPEN_SOURCE);
        assertTrue(result.written());
        assertEquals(Optional.empty(), result.previous());
        assertEquals(Optional.of("127.0.0.1:19003"), ServerConf.read(file).get("http.min.net.bind.to"));
    }

    @Test
    void refusesEnterpriseKeysOnOpenSourceAndLeavesTheFileAlone() throws Exception {
        Path file = conf(OSS);
        byte[] before = Files.readAllBytes(file);
        ServerConfEdit edit = edit(file).set("pg.net.bind.to", "127.0.0.1:1").set("acl.enabled", "true").set("replication.role", "primary")
                .set("cairo.snapshot.instance.id", "0d2c5b6e");
        AgentException e = assertThrows(AgentException.class, () -> ServerConfWriter.write(file, edit, Edition.OPEN_SOURCE));
        assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());
        assertEquals("enterprise_key_on_open_source", e.reason());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("(acl.enabled, replication.role)"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(), backups());

        AgentException unknown = assertThrows(AgentException.class, () -> ServerConfWriter.write(file, edit, Edition.UNKNOWN));
        assertEquals("enterprise_key_edition_unknown", unknown.reason());
        assertArrayEquals(before, Files.readAllBytes(file));

        assertTrue(ServerConfWriter.write(file, edit, Edition.ENTERPRISE).written());
        assertEquals(Optional.of("primary"), ServerConf.read(file).get("replication.role"));
    }

    @Test
    void enterpriseKeysAlreadyThereAndUntouchedDoNotBlockOtherEdits() throws Exception {
        Path file = conf(OSS + "acl.enabled=true\r\n");
        ServerConfWriter.write(file, edit(file).set("pg.net.bind.to", "127.0.0.1:1"), Edition.OPEN_SOURCE);
        assertEquals(Optional.of("127.0.0.1:1"), ServerConf.read(file).get("pg.net.bind.to"));
        AgentException e = assertThrows(AgentException.class,
                () -> ServerConfWriter.write(file, edit(file).set("acl.enabled", "false"), Edition.OPEN_SOURCE));
        assertEquals("enterprise_key_on_open_source", e.reason());
    }

    @Test
    void refusesWhenTheFileChangedSinceItWasRead() throws Exception {
        Path file = conf(OSS);
        ServerConfEdit edit = edit(file).set("pg.net.bind.to", "127.0.0.1:1");
        Files.writeString(file, OSS + "http.user=someone\r\n");
        AgentException e = assertThrows(AgentException.class, () -> ServerConfWriter.write(file, edit, Edition.OPEN_SOURCE));
        assertEquals("server_conf_changed", e.reason());
        assertEquals(AgentException.Kind.ABORTED, e.kind());
        assertEquals(OSS + "http.user=someone\r\n", Files.readString(file));
    }

    @Test
    void stripRemovesEnterpriseKeysWhereverTheyAreAndTheEmptyBlock() throws Exception {
        Path file = conf(OSS + "tls.enabled=true\r\n");
        ServerConfEdit ee = edit(file).set("acl.enabled", "true").set("replication.role", "primary").set("cairo.snapshot.instance.id", "id-1")
                .set("line.tcp.acl.enabled", "false");
        ServerConfWriter.write(file, ee, Edition.ENTERPRISE, ServerConfEditTest.CLOCK);

        ServerConfEdit strip = ServerConfWriter.stripEnterpriseKeys(edit(file));
        assertEquals("server.conf: removed tls.enabled, acl.enabled, replication.role, line.tcp.acl.enabled", strip.describeChanges());
        assertEquals(OSS + "\r\n" + ServerConfEditTest.HEADER + "\r\ncairo.snapshot.instance.id=id-1\r\n" + ServerConfEditTest.END + "\r\n",
                strip.text(), "an OSS key keeps the block");
        strip.remove("cairo.snapshot.instance.id");
        ServerConfWriter.write(file, strip, Edition.OPEN_SOURCE, ServerConfEditTest.CLOCK);
        assertEquals(OSS, Files.readString(file, StandardCharsets.ISO_8859_1), "block gone, byte for byte");
    }
}
