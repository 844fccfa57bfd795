package io.qfleet.agent.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files with secrets keep an owner-only mode from the moment their temp file exists. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void theTempFileHasTheModeGivenEvenWhereACrashLeftAReadableOne() throws IOException {
        Path file = dir.resolve("server.conf");
        Path temp = dir.resolve(".server.conf.tmp");
        Files.writeString(temp, "left by a crash");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        // A target that cannot be replaced (a non-empty dir) stops the write after the temp is written: the temp stays to be seen.
        Files.createDirectories(file.resolve("in-the-way"));

        assertThrows(IOException.class, () -> AtomicFiles.write(file, "acl.admin.password=x\n".getBytes(),
                PosixFilePermissions.fromString("rw-------")));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)),
                "never group or other readable, whatever the umask or a stale temp file said");
        assertEquals("acl.admin.password=x\n", Files.readString(temp));
    }

    @Test
    void theFileGetsExactlyTheModeGiven() throws IOException {
        Path file = dir.resolve("server.conf");
        AtomicFiles.write(file, "a=1\n".getBytes(), PosixFilePermissions.fromString("rw-r-----"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        AtomicFiles.write(file, "a=2\n".getBytes(), PosixFilePermissions.fromString("rw-------"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("a=2\n", Files.readString(file));
    }
}
