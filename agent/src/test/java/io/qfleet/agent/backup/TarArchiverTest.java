package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.install.ExtractOptions;
import io.qfleet.agent.install.ExtractProgress;
import io.qfleet.agent.install.SafeArchiveExtractor;
import io.qfleet.agent.operation.OperationCancelledException;
import io.qfleet.agent.operation.OperationResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The archiver, the verifier and the backup extraction together: round trips and tampering. */
class TarArchiverTest {
    private static final String LONG = "a-very-long-directory-name-that-pushes-the-path-past-one-hundred-characters-of-ustar/"
            + "and-a-file-name-that-is-long-as-well-so-posix-pax-headers-are-needed.d";
    @TempDir
    Path tmp;

    private Path seeded() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/server.conf"), "pg.net.bind.to=127.0.0.1:8812\n");
        Files.setPosixFilePermissions(root.resolve("conf/server.conf"), PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(root.resolve("db/trades~5/2024-01-01"));
        byte[] random = new byte[3 * TarArchiver.CHUNK + 123];
        new Random(7).nextBytes(random);
        Files.write(root.resolve("db/trades~5/2024-01-01/price.d"), random);
        Files.write(root.resolve("db/empty.d"), new byte[0]);
        Path script = root.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(root.resolve("import"));
        Files.setPosixFilePermissions(root.resolve("import"), PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(root.resolve(LONG).getParent());
        Files.writeString(root.resolve(LONG), "long");
        Files.createSymbolicLink(root.resolve("db/latest"), Path.of("trades~5"));
        Files.createDirectories(root.resolve("agent-state"));
        Files.writeString(root.resolve("agent-state/op.json"), "{}");
        return root;
    }

    private TarArchiver.Result archive(Path root, Path file, Compression compression) throws IOException {
        Predicate<Path> excluded = p -> p.equals(root.resolve("agent-state"));
        return ArchiveWriter.write(file, List.of(new TarArchiver.Source(root, "")), excluded, compression,
                compression.level(0), 2, ContentDigest.SHA_256, ArchiveProgress.NONE);
    }

    private static BackupManifest manifest(TarArchiver.Result result, List<ManifestEntry> entries) {
        return new BackupManifest(BackupManifest.FORMAT, "2026-01-01T00:00:00Z", "9.2.2", "OPEN_SOURCE", "checkpoint", "zstd", 1,
                ContentDigest.SHA_256, 10, result.sourceBytes(), List.of(), List.of(), entries);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTripKeepsContentModesLinksAndLongNames(Compression compression) throws Exception {
        Path root = seeded();
        Path archive = tmp.resolve("backup" + compression.extension());
        TarArchiver.Result result = archive(root, archive, compression);
        assertEquals(5, result.files()); // server.conf, price.d, empty.d, run.sh, the long one
        long expected = 0;
        for (String f : List.of("conf/server.conf", "db/trades~5/2024-01-01/price.d", "db/empty.d", "run.sh", LONG)) {
            expected += Files.size(root.resolve(f));
        }
        assertEquals(expected, result.sourceBytes());
        assertTrue(result.entries().stream().noneMatch(e -> e.path().startsWith("agent-state")), "excluded dir left out");

        BackupManifest manifest = manifest(result, result.entries());
        OperationResult.BackupVerified verified = new BackupVerifier(ArchiveProgress.NONE).verify(archive, manifest);
        assertEquals(new OperationResult.BackupVerified(5, result.sourceBytes()), verified);

        Path restored = tmp.resolve("restored");
        SafeArchiveExtractor.extract(archive, restored, ExtractOptions.BACKUP, ExtractProgress.NONE);
        assertEquals(-1, Files.mismatch(root.resolve("db/trades~5/2024-01-01/price.d"), restored.resolve("db/trades~5/2024-01-01/price.d")));
        assertEquals("long", Files.readString(restored.resolve(LONG)));
        assertEquals("rw-------", mode(restored.resolve("conf/server.conf")));
        assertEquals("rwxr-x---", mode(restored.resolve("run.sh")));
        assertEquals("rwx------", mode(restored.resolve("import")));
        assertEquals(Path.of("trades~5"), Files.readSymbolicLink(restored.resolve("db/latest")));
        assertEquals(0, Files.size(restored.resolve("db/empty.d")));
        assertTrue(Files.notExists(restored.resolve("agent-state")));
    }

    @Test
    void aFlippedByteFailsVerificationNamingTheEntry() throws Exception {
        Path root = seeded();
        Path archive = tmp.resolve("backup.tar");
        TarArchiver.Result result = archive(root, archive, Compression.NONE);
        flipByteOfContent(archive, "price.d");
        AgentException e = assertThrows(AgentException.class,
                () -> new BackupVerifier(ArchiveProgress.NONE).verify(archive, manifest(result, result.entries())));
        assertEquals("backup_corrupt", e.reason());
        assertTrue(e.getMessage().contains("db/trades~5/2024-01-01/price.d has SHA-256"), e.getMessage());
    }

    @Test
    void aFlippedByteInAZstdArchiveIsCaught() throws Exception {
        Path root = seeded();
        Path archive = tmp.resolve("backup.tar.zst");
        TarArchiver.Result result = archive(root, archive, Compression.ZSTD);
        try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            long at = channel.size() / 2;
            channel.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
            channel.write(b, at);
        }
        AgentException e = assertThrows(AgentException.class,
                () -> new BackupVerifier(ArchiveProgress.NONE).verify(archive, manifest(result, result.entries())));
        assertEquals("backup_corrupt", e.reason());
    }

    @Test
    void manifestDifferencesFailVerification() throws Exception {
        Path root = seeded();
        Path archive = tmp.resolve("backup.tar.gz");
        TarArchiver.Result result = archive(root, archive, Compression.GZIP);
        BackupVerifier verifier = new BackupVerifier(ArchiveProgress.NONE);

        List<ManifestEntry> wrongSize = new ArrayList<>();
        result.entries().forEach(e -> wrongSize.add(e.path().endsWith("run.sh")
                ? new ManifestEntry(e.path(), e.type(), e.size() + 1, e.mode(), e.digest(), e.link()) : e));
        assertCorrupt(() -> verifier.verify(archive, manifest(result, wrongSize)), "run.sh has 10 bytes, the manifest says 11");

        List<ManifestEntry> missingOne = new ArrayList<>(result.entries());
        missingOne.removeIf(e -> e.path().equals("db/empty.d"));
        assertCorrupt(() -> verifier.verify(archive, manifest(result, missingOne)), "db/empty.d is not in the manifest");

        List<ManifestEntry> extra = new ArrayList<>(result.entries());
        extra.add(ManifestEntry.file("db/gone.d", 1, 0644, "00"));
        assertCorrupt(() -> verifier.verify(archive, manifest(result, extra)), "db/gone.d is in the manifest but not in the archive");
    }

    @Test
    void cancellationStopsTheArchiveAndDeletesTheFile() throws Exception {
        Path root = seeded();
        Path archive = tmp.resolve("backup.tar.zst");
        ArchiveProgress cancelAfterFirstChunk = new ArchiveProgress() {
            private long seen;

            @Override
            public void bytesDone(long done) {
                seen = done;
            }

            @Override
            public void checkCancelled() {
                if (seen > 0) {
                    throw new OperationCancelledException("cancelled on request");
                }
            }
        };
        assertThrows(OperationCancelledException.class, () -> ArchiveWriter.write(archive, List.of(new TarArchiver.Source(root, "")),
                p -> false, Compression.ZSTD, 1, 1, ContentDigest.SHA_256, cancelAfterFirstChunk));
        assertTrue(Files.notExists(archive));
    }

    @Test
    void crc32cDigestsVerifyToo() throws Exception {
        Path root = seeded();
        Path archive = tmp.resolve("backup.tar");
        TarArchiver.Result result = ArchiveWriter.write(archive, List.of(new TarArchiver.Source(root, "x")), p -> false,
                Compression.NONE, 0, 1, ContentDigest.CRC32C_NAME, ArchiveProgress.NONE);
        assertTrue(result.entries().stream().allMatch(e -> e.path().startsWith("x/")));
        BackupManifest manifest = new BackupManifest(1, "t", "9.2.2", "OPEN_SOURCE", "checkpoint", "none", 0,
                ContentDigest.CRC32C_NAME, 0, result.sourceBytes(), List.of(), List.of(), result.entries());
        assertEquals(6, new BackupVerifier(ArchiveProgress.NONE).verify(archive, manifest).files()); // nothing excluded here
    }

    private static void assertCorrupt(org.junit.jupiter.api.function.Executable verify, String expected) {
        AgentException e = assertThrows(AgentException.class, verify);
        assertEquals("backup_corrupt", e.reason());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** Flips one byte inside the content of the first entry named {@code *name} in a plain tar. */
    static void flipByteOfContent(Path tar, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(tar);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int header = text.indexOf(name);
        int content = (header / 512 + 1) * 512; // the record after the header holds the first content bytes
        bytes[content + 100] ^= 0x01;
        Files.write(tar, bytes);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
