package io.qfleet.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadStoreTest {
    private static final String NAME = "questdb-9.2.2-no-jre-bin.tar.gz";
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path dir;
    byte[] data;
    String sha;

    @BeforeEach
    void setUp() {
        data = new byte[300_000];
        new Random(1).nextBytes(data);
        sha = sha256(data);
    }

    @Test
    void storesUploadSentInChunks() throws IOException {
        UploadStore store = new UploadStore(dir, 1 << 20);
        assertEquals(new UploadStatus(sha, 0, false), store.status(sha));

        try (UploadSession session = store.open(NAME, data.length, sha)) {
            send(session, 0, CHUNK);
            assertEquals(new UploadStatus(sha, CHUNK, false), store.status(sha));
            send(session, CHUNK, data.length);
            assertTrue(session.complete());
            assertEquals(data.length, session.bytesReceived());
        }

        Path file = store.completedFile(sha);
        assertEquals(dir.resolve(sha + "-" + NAME), file);
        assertEquals(sha256(Files.readAllBytes(file)), sha);
        assertEquals(new UploadStatus(sha, data.length, true), store.status(sha));
        assertEquals(Set.of(sha + "-" + NAME), names(), "nothing else is written");
    }

    @Test
    void resumesAfterRestartWithCorrectDigest() throws IOException {
        try (UploadSession first = new UploadStore(dir, 1 << 20).open(NAME, data.length, sha)) {
            send(first, 0, 100_000);
        }
        assertEquals(Set.of(sha + ".partial"), names());

        UploadStore restarted = new UploadStore(dir, 1 << 20);
        assertEquals(new UploadStatus(sha, 100_000, false), restarted.status(sha));
        try (UploadSession second = restarted.open(NAME, data.length, sha)) {
            assertEquals(100_000, second.bytesReceived());
            send(second, 100_000, data.length);
            assertTrue(second.complete());
        }
        assertEquals(sha, sha256(Files.readAllBytes(restarted.completedFile(sha))));
    }

    @Test
    void completesPartialFileThatAlreadyHoldsEveryByte() throws IOException {
        // An agent that died after the last write but before the check and rename.
        Files.write(dir.resolve(sha + ".partial"), data);

        try (UploadSession session = new UploadStore(dir, 1 << 20).open(NAME, data.length, sha)) {
            assertTrue(session.complete());
        }
        assertEquals(Set.of(sha + "-" + NAME), names());
    }

    @Test
    void refusesChunkAtWrongOffset() {
        UploadStore store = new UploadStore(dir, 1 << 20);
        try (UploadSession session = store.open(NAME, data.length, sha)) {
            send(session, 0, 1000);

            AgentException e = assertThrows(AgentException.class, () -> session.append(2000, data, 2000, 10));

            assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());
            assertEquals("upload_offset_mismatch", e.reason());
            assertEquals("chunk at offset 2000 but 1000 bytes received; call GetUpload and resume from 1000",
                    e.getMessage());
            assertEquals(1000, session.bytesReceived());
        }
    }

    @Test
    void refusesChunkPastDeclaredSize() {
        try (UploadSession session = new UploadStore(dir, 1 << 20).open(NAME, 10, sha256(new byte[10]))) {
            AgentException e = assertThrows(AgentException.class, () -> session.append(0, new byte[11], 0, 11));

            assertEquals("upload_beyond_size", e.reason());
            assertEquals(0, session.bytesReceived());
        }
    }

    @Test
    void deletesPartialFileOnChecksumMismatch() {
        String wrong = sha256(new byte[] {1, 2, 3});
        UploadStore store = new UploadStore(dir, 1 << 20);
        try (UploadSession session = store.open(NAME, data.length, wrong)) {
            send(session, 0, CHUNK);

            AgentException e = assertThrows(AgentException.class, () -> send(session, CHUNK, data.length));

            assertEquals("sha256_mismatch", e.reason());
            assertEquals("upload " + NAME + ": SHA-256 is " + sha + ", expected " + wrong
                    + "; the partial file was deleted", e.getMessage());
            assertFalse(session.complete());
        }
        assertEquals(Set.of(), names());
        assertEquals(new UploadStatus(wrong, 0, false), store.status(wrong));
        assertEquals("upload_not_found", assertThrows(AgentException.class, () -> store.completedFile(wrong)).reason());
    }

    @Test
    void reopeningCompleteUploadIsIdempotent() throws IOException {
        UploadStore store = new UploadStore(dir, 1 << 20);
        try (UploadSession session = store.open(NAME, data.length, sha)) {
            send(session, 0, data.length);
        }
        Set<String> before = names();

        try (UploadSession again = store.open(NAME, data.length, sha)) {
            assertTrue(again.complete());
            assertEquals(data.length, again.bytesReceived());
            again.append(data.length, data, 0, 0);
        }
        assertEquals(before, names());
        assertEquals(new UploadStatus(sha, data.length, true), store.status(sha));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../questdb.tar.gz", "a/questdb.tar.gz", "questdb..tar.gz", "questdb.zip", ".tar.gz",
            "questdb\n.tar.gz", "questdb.tar.gz.sh"})
    void refusesBadFileNames(String fileName) {
        AgentException e = assertThrows(AgentException.class,
                () -> new UploadStore(dir, 1 << 20).open(fileName, data.length, sha));

        assertEquals(AgentException.Kind.INVALID_ARGUMENT, e.kind());
        assertEquals("bad_file_name", e.reason());
        assertEquals(Set.of(), names());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "../../etc/passwd", "G000000000000000000000000000000000000000000000000000000000000000"})
    void refusesBadSha256(String bad) {
        UploadStore store = new UploadStore(dir, 1 << 20);

        assertEquals("bad_sha256", assertThrows(AgentException.class, () -> store.open(NAME, 1, bad)).reason());
        assertEquals("bad_sha256", assertThrows(AgentException.class, () -> store.status(bad)).reason());
        assertEquals("bad_sha256", assertThrows(AgentException.class, () -> store.status(sha.toUpperCase())).reason());
    }

    @Test
    void refusesSizesOutsideTheLimit() {
        UploadStore store = new UploadStore(dir, 1000);

        assertEquals("upload_too_large", assertThrows(AgentException.class, () -> store.open(NAME, 1001, sha)).reason());
        assertEquals("bad_size", assertThrows(AgentException.class, () -> store.open(NAME, 0, sha)).reason());
    }

    @Test
    void refusesUploadLargerThanFreeSpace() {
        long size = Long.MAX_VALUE / 2;

        AgentException e = assertThrows(AgentException.class,
                () -> new UploadStore(dir, Long.MAX_VALUE).open(NAME, size, sha));

        assertEquals(AgentException.Kind.RESOURCE_EXHAUSTED, e.kind());
        assertEquals("disk_full", e.reason());
        assertTrue(e.getMessage().contains("needs " + size + " more bytes but " + dir + " has "), e.getMessage());
        assertEquals(Set.of(), names());
    }

    @Test
    void refusesSecondStreamForTheSameUploadUntilTheFirstCloses() {
        UploadStore store = new UploadStore(dir, 1 << 20);
        try (UploadSession first = store.open(NAME, data.length, sha)) {
            send(first, 0, 10);

            AgentException e = assertThrows(AgentException.class, () -> store.open(NAME, data.length, sha));

            assertEquals("upload_in_progress", e.reason());
            assertTrue(e.retryable());
        }
        try (UploadSession second = store.open(NAME, data.length, sha)) {
            assertEquals(10, second.bytesReceived());
        }
    }

    private void send(UploadSession session, int from, int to) {
        for (int offset = from; offset < to; offset += CHUNK) {
            session.append(offset, data, offset, Math.min(CHUNK, to - offset));
        }
    }

    private Set<String> names() {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
