package io.qfleet.agent.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.install.TestTars.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SafeArchiveExtractorTest {
    private static final String TOP = "questdb-9.2.2-no-jre-bin/";

    @TempDir
    Path tmp;
    Path work;
    Path target;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createDirectories(tmp.resolve("work"));
        target = work.resolve("staged");
        Files.writeString(work.resolve("outside.txt"), "host file");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void extractsGoodArchiveStrippingTheTopDirectoryAndKeepingModes(Compression compression) throws IOException {
        Path archive = distribution().write(work.resolve("questdb.tar"), compression);
        List<long[]> reports = new ArrayList<>();

        ExtractResult result = SafeArchiveExtractor.extract(archive, target,
                (done, total) -> reports.add(new long[] {done, total}));

        assertEquals(new ExtractResult(7, 10 + 3 + 6), result);
        assertEquals("#!/bin/sh\n", Files.readString(target.resolve("questdb.sh")));
        assertEquals("jar", Files.readString(target.resolve("questdb.jar")));
        assertEquals("native", Files.readString(target.resolve("lib/libquestdb.so")));
        assertEquals("jar", Files.readString(target.resolve("current.jar")), "symlink inside the tree works");
        assertEquals("jar", Files.readString(target.resolve("lib/questdb-copy.jar")), "hard link");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("questdb.sh"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("questdb.jar"))));
        assertFalse(Files.exists(target.resolve(TOP)), "top directory stripped");
        long size = Files.size(archive);
        assertArrayEquals(new long[] {size, size}, reports.get(reports.size() - 1));
        assertEquals(Set.of("outside.txt", "questdb.tar", "staged"), names(work), "no leftovers beside the target");
    }

    @Test
    void keepsLayoutWhenThereIsMoreThanOneTopLevelEntry() throws IOException {
        Path archive = new TestTars().dir("bin").file("bin/questdb.sh", "x").file("questdb.jar", "jar")
                .write(work.resolve("two.tar.gz"), Compression.GZIP);

        SafeArchiveExtractor.extract(archive, target, ExtractProgress.NONE);

        assertEquals(Set.of("bin", "questdb.jar"), names(target));
    }

    @Test
    void keepsTopLevelFileAlone() throws IOException {
        Path archive = new TestTars().file("questdb.jar", "jar").write(work.resolve("one.tar"), Compression.PLAIN);

        SafeArchiveExtractor.extract(archive, target, ExtractProgress.NONE);

        assertEquals("jar", Files.readString(target.resolve("questdb.jar")));
    }

    @Test
    void reportsProgressAboutOncePerMebibyte() throws IOException {
        byte[] noise = new byte[3 << 20];
        new Random(42).nextBytes(noise);
        Path archive = new TestTars().file(TOP + "questdb.jar", noise, 0644).write(work.resolve("big.tar.gz"), Compression.GZIP);
        List<Long> done = new ArrayList<>();

        SafeArchiveExtractor.extract(archive, target, (d, total) -> done.add(d));

        assertTrue(done.size() >= 3 && done.size() <= 5, "reports: " + done);
        for (int i = 1; i < done.size() - 1; i++) {
            assertTrue(done.get(i) - done.get(i - 1) >= 1 << 20, "reports: " + done);
        }
        assertEquals(Files.size(archive), done.get(done.size() - 1));
    }

    static Stream<Arguments> hostileArchives() {
        return Stream.of(
                Arguments.of("absolute path", new TestTars().file("/etc/x", "pwned"), "/etc/x", "is an absolute path"),
                Arguments.of("dot-dot", new TestTars().file("../escape", "pwned"), "../escape", "'..'"),
                Arguments.of("nested dot-dot", new TestTars().file("a/../../escape", "pwned"), "a/../../escape", "'..'"),
                Arguments.of("absolute symlink", new TestTars().symlink(TOP + "passwd", "/etc/passwd"),
                        TOP + "passwd", "symlink to the absolute path '/etc/passwd'"),
                Arguments.of("escaping symlink", new TestTars().symlink("a", "../../x"), "a", "outside the target"),
                Arguments.of("escaping hard link", new TestTars().hardlink(TOP + "h", "../outside.txt"),
                        TOP + "h", "hard link to '../outside.txt', outside the target"),
                Arguments.of("absolute hard link", new TestTars().hardlink(TOP + "h", "/etc/passwd"),
                        TOP + "h", "hard link to the absolute path"),
                Arguments.of("character device", new TestTars().special(TOP + "null", TarConstants.LF_CHR),
                        TOP + "null", "is a character device"),
                Arguments.of("block device", new TestTars().special(TOP + "sda", TarConstants.LF_BLK),
                        TOP + "sda", "is a block device"),
                Arguments.of("fifo", new TestTars().special(TOP + "pipe", TarConstants.LF_FIFO), TOP + "pipe", "is a FIFO"),
                Arguments.of("file below a symlink", new TestTars().dir(TOP + "real").symlink(TOP + "l", "real")
                        .file(TOP + "l/x", "through"), TOP + "l/x", "lies below the symlink"),
                Arguments.of("symlink chain", new TestTars().symlink("b", "c/../x").symlink("c", "."),
                        "b", "leaves the target directory through other links"),
                Arguments.of("symlink escaping once stripped", new TestTars().file(TOP + "x", "x")
                        .symlink(TOP + "link", "../" + TOP + "x"), TOP + "link", "leaves the target directory"),
                Arguments.of("duplicate entry", new TestTars().file(TOP + "a", "1").file(TOP + "a", "2"),
                        TOP + "a", "appears twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void refusesHostileEntryAndLeavesNothingBehind(String label, TestTars hostile, String entryName, String why)
            throws IOException {
        // A harmless first entry, so a refusal must also undo what was already written.
        Path archive = new TestTars().dir(TOP).file(TOP + "first.txt", "ok").write(work.resolve("first.tar"), Compression.PLAIN);
        byte[] good = Files.readAllBytes(archive);
        byte[] bad = hostile.bytes(Compression.PLAIN);
        Path combined = work.resolve("hostile.tar");
        Files.write(combined, concatWithoutEndMarker(good, bad));
        Files.delete(archive);
        Set<String> before = tree(tmp);

        AgentException e = assertThrows(AgentException.class,
                () -> SafeArchiveExtractor.extract(combined, target, ExtractProgress.NONE));

        assertEquals("unsafe_archive_entry", e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("entry '" + entryName + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().startsWith("archive hostile.tar: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(refused; nothing was installed)"), e.getMessage());
        assertFalse(Files.exists(target), "target removed again");
        assertEquals(before, tree(tmp), "nothing written anywhere");
        assertEquals(1, (int) Files.getAttribute(work.resolve("outside.txt"), "unix:nlink"));
        assertFalse(Files.exists(Path.of("/etc/x")));
    }

    @Test
    void acceptsSymlinkThatStaysInsideOnceStripped() throws IOException {
        Path archive = new TestTars().file(TOP + "lib/a.so", "a").symlink(TOP + "bin/a.so", "../lib/a.so")
                .write(work.resolve("ok.tar.zst"), Compression.ZSTD);

        SafeArchiveExtractor.extract(archive, target, ExtractProgress.NONE);

        assertEquals("a", Files.readString(target.resolve("bin/a.so")));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void refusesTruncatedCompressedArchive(Compression compression) throws IOException {
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        byte[] full = new TestTars().file(TOP + "questdb.jar", noise, 0644).bytes(compression);
        Path archive = Files.write(work.resolve("cut.tar.gz"), Arrays.copyOf(full, full.length / 2));

        AgentException e = assertThrows(AgentException.class,
                () -> SafeArchiveExtractor.extract(archive, target, ExtractProgress.NONE));

        assertEquals("corrupt_archive", e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("archive cut.tar.gz is damaged or truncated"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void refusesGzipWithDamagedTrailerAfterTheTarEnd() throws IOException {
        // Writers may pad past the tar's end marker; the tar reader stops there, so the gzip
        // CRC-32 is only checked if the rest of the stream is read too.
        byte[] tar = distribution().bytes(Compression.PLAIN);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GzipCompressorOutputStream(gz)) {
            out.write(tar);
            out.write(new byte[64 * 1024]);
        }
        byte[] full = gz.toByteArray();
        full[full.length - 5] ^= 0x55; // inside the CRC-32 of the gzip trailer
        Path archive = Files.write(work.resolve("crc.tar.gz"), full);

        AgentException e = assertThrows(AgentException.class,
                () -> SafeArchiveExtractor.extract(archive, target, ExtractProgress.NONE));

        assertEquals("corrupt_archive", e.reason(), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void refusesExistingTargetWithoutTouchingIt() throws IOException {
        Path archive = distribution().write(work.resolve("questdb.tar.gz"), Compression.GZIP);
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep"), "mine");

        AgentException e = assertThrows(AgentException.class,
                () -> SafeArchiveExtractor.extract(archive, target, ExtractProgress.NONE));

        assertEquals("extract_target_exists", e.reason());
        assertEquals(Set.of("keep"), names(target));
    }

    private static TestTars distribution() {
        return new TestTars().dir(TOP).file(TOP + "questdb.sh", "#!/bin/sh\n".getBytes(), 0755)
                .file(TOP + "questdb.jar", "jar").file(TOP + "lib/libquestdb.so", "native")
                .symlink(TOP + "current.jar", "questdb.jar").hardlink(TOP + "lib/questdb-copy.jar", TOP + "questdb.jar")
                .dir(TOP + "conf");
    }

    /** Two tars glued together: drop the first one's end-of-archive blocks. */
    private static byte[] concatWithoutEndMarker(byte[] first, byte[] second) {
        int end = first.length;
        while (end >= 512 && isZeroBlock(first, end - 512)) {
            end -= 512;
        }
        byte[] out = Arrays.copyOf(first, end + second.length);
        System.arraycopy(second, 0, out, end, second.length);
        return out;
    }

    private static boolean isZeroBlock(byte[] bytes, int from) {
        for (int i = from; i < from + 512; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Set<String> tree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(p -> dir.relativize(p).toString()).collect(Collectors.toSet());
        }
    }
}
