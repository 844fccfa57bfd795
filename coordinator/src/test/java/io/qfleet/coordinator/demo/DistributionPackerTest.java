package io.qfleet.coordinator.demo;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionPackerTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheNoJreLayoutWithModesAndItsSha256() throws Exception {
        byte[] jar = new byte[300_000];
        new Random(42).nextBytes(jar);
        Path jarFile = Files.write(tmp.resolve("questdb-9.2.2.jar"), jar);

        PackedDistribution packed = DistributionPacker.pack(jarFile, "9.2.2", tmp.resolve("out"));

        assertEquals(tmp.resolve("out/questdb-9.2.2-no-jre-bin.tar.gz"), packed.file());
        assertEquals("9.2.2", packed.version());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(packed.file())));
        assertEquals(expected, packed.sha256());
        assertTrue(packed.sha256().matches("[0-9a-f]{64}"), packed.sha256());

        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(packed.file());
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
                switch (entry.getName()) {
                    case "questdb-9.2.2-no-jre-bin/" -> assertTrue(entry.isDirectory());
                    case "questdb-9.2.2-no-jre-bin/questdb.jar" -> {
                        assertEquals(0644, entry.getMode() & 0777);
                        assertArrayEquals(jar, tar.readAllBytes());
                    }
                    case "questdb-9.2.2-no-jre-bin/questdb.sh" -> {
                        assertEquals(0755, entry.getMode() & 0777);
                        String script = new String(tar.readAllBytes(), US_ASCII);
                        assertTrue(script.startsWith("#!/bin/sh\n"), script);
                        assertTrue(script.contains("-m io.questdb/io.questdb.ServerMain"), script);
                    }
                    default -> throw new AssertionError("unexpected entry " + entry.getName());
                }
            }
        }
        assertEquals(List.of("questdb-9.2.2-no-jre-bin/", "questdb-9.2.2-no-jre-bin/questdb.jar",
                "questdb-9.2.2-no-jre-bin/questdb.sh"), names);
        assertEquals(List.of("questdb-9.2.2-no-jre-bin.tar.gz"), List.of(tmp.resolve("out").toFile().list()));
    }

    @Test
    void systemTarAndShellAcceptIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/tar")) || Files.isExecutable(Path.of("/usr/bin/tar")), "no tar");
        Path jarFile = Files.write(tmp.resolve("q.jar"), new byte[] {1, 2, 3});
        PackedDistribution packed = DistributionPacker.pack(jarFile, "9.2.2", tmp);
        Path into = Files.createDirectory(tmp.resolve("x"));

        Process tar = new ProcessBuilder("tar", "-xzf", packed.file().toString(), "-C", into.toString()).inheritIO().start();
        assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue());

        Path top = into.resolve("questdb-9.2.2-no-jre-bin");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(top.resolve("questdb.jar"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(top.resolve("questdb.sh"))));
        Process sh = new ProcessBuilder("sh", "-n", top.resolve("questdb.sh").toString()).inheritIO().start();
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, sh.exitValue(), "questdb.sh is not valid sh");
    }
}
