package io.qfleet.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Distribution tarballs as the coordinator would upload them: the real 9.2.2 target in QuestDB's
 * own no-JRE layout ({@code questdb-9.2.2-no-jre-bin/questdb.jar}), broken jars inside that layout,
 * and hostile archives whose entries try to leave the staging directory.
 */
public final class Distributions {
    public static final String TARGET_VERSION = "9.2.2";
    public static final String TOP = "questdb-" + TARGET_VERSION + "-no-jre-bin/";
    public static final String TARGET_FILE_NAME = "questdb-" + TARGET_VERSION + "-no-jre-bin.tar.gz";
    /** The class the JVM launches; replaced with garbage in {@link #garbageClassJar}. */
    private static final String SERVER_MAIN = "io/questdb/ServerMain.class";

    private Distributions() {
    }

    public record Tarball(Path file, String sha256, long size) {
        public String fileName() {
            return file.getFileName().toString();
        }
    }

    /** Archives that must be refused with {@code unsafe_archive_entry}. */
    public enum Hostile {
        /** An entry named by an absolute path into {@code outside}. */
        ABSOLUTE_PATH,
        /** {@code questdb-9.2.2-no-jre-bin/../../outside/dotdot.txt}. */
        DOT_DOT,
        /** A symlink that leaves the archive at once, then a file written through it. */
        SYMLINK_OUT,
        /** {@code questdb-9.2.2-no-jre-bin/data -> ../outside}: inside before the top dir is stripped, outside after. */
        SYMLINK_OUT_AFTER_STRIP
    }

    /** The 9.2.2 jar from Maven Central, packed as QuestDB packs its no-JRE tarball. */
    public static Tarball target(Path dir) throws IOException {
        return withJar(dir.resolve(TARGET_FILE_NAME), QuestDbRoots.targetJar());
    }

    /** The no-JRE layout around {@code jar}. */
    public static Tarball withJar(Path tarball, Path jar) throws IOException {
        Files.createDirectories(tarball.getParent());
        try (TarArchiveOutputStream tar = open(tarball)) {
            directory(tar, TOP);
            TarArchiveEntry entry = new TarArchiveEntry(TOP + "questdb.jar", TarConstants.LF_NORMAL, true);
            entry.setMode(0100644);
            entry.setSize(Files.size(jar));
            tar.putArchiveEntry(entry);
            Files.copy(jar, tar);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return describe(tarball);
    }

    /** A valid zip (every CRC right, so staging accepts it) whose main class is garbage: the JVM cannot start it. */
    public static Tarball garbageClassJar(Path dir) throws IOException {
        Path jar = Files.createDirectories(dir.resolve("garbage")).resolve("questdb.jar");
        byte[] garbage = "this is not a class file, the JVM must refuse it\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        if (!copyTargetJar(jar, SERVER_MAIN, garbage)) {
            throw new IllegalStateException(QuestDbRoots.targetJar() + " has no " + SERVER_MAIN);
        }
        return withJar(dir.resolve("questdb-" + TARGET_VERSION + "-garbage-class.tar.gz"), jar);
    }

    /**
     * Enterprise-shaped, as far as the agent can tell without an Enterprise binary: the 9.2.2 jar
     * plus a {@code com/questdb/EntServerMain.class} entry, so staging calls it Enterprise with main
     * {@code com.questdb/com.questdb.EntServerMain}. The JVM cannot launch that module from it.
     */
    public static Tarball enterpriseShapedJar(Path dir) throws IOException {
        Path jar = Files.createDirectories(dir.resolve("enterprise-shaped")).resolve("questdb.jar");
        copyTargetJar(jar, "com/questdb/EntServerMain.class",
                "stands for the Enterprise main class; not a class file\n".getBytes(StandardCharsets.UTF_8));
        return withJar(dir.resolve("questdb-enterprise-shaped-" + TARGET_VERSION + ".tar.gz"), jar);
    }

    /**
     * The 9.2.2 jar copied entry by entry into {@code jar}, with {@code name} holding {@code content}:
     * replaced where the jar has it (returns true), else added at the end (returns false).
     */
    private static boolean copyTargetJar(Path jar, String name, byte[] content) throws IOException {
        boolean replaced = false;
        try (ZipFile source = new ZipFile(QuestDbRoots.targetJar().toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            out.setLevel(Deflater.BEST_SPEED);
            for (Enumeration<? extends ZipEntry> entries = source.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(name)) {
                    out.write(content);
                    replaced = true;
                } else {
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
            if (!replaced) {
                out.putNextEntry(new ZipEntry(name));
                out.write(content);
                out.closeEntry();
            }
        }
        return replaced;
    }

    /** The first half of the 9.2.2 jar: no central directory, not a zip at all. */
    public static Tarball truncatedJar(Path dir) throws IOException {
        Path jar = Files.createDirectories(dir.resolve("truncated")).resolve("questdb.jar");
        byte[] bytes = Files.readAllBytes(QuestDbRoots.targetJar());
        Files.write(jar, Arrays.copyOf(bytes, bytes.length / 2));
        return withJar(dir.resolve("questdb-" + TARGET_VERSION + "-truncated.tar.gz"), jar);
    }

    /**
     * A small archive that starts like a distribution, then tries to reach {@code outside}, a
     * directory beside the staging dir (the relative cases assume it is named {@code outside}).
     */
    public static Tarball hostile(Path dir, Hostile kind, Path outside) throws IOException {
        Path tarball = Files.createDirectories(dir).resolve("hostile-" + kind.name().toLowerCase().replace('_', '-') + ".tar.gz");
        try (TarArchiveOutputStream tar = open(tarball)) {
            directory(tar, TOP);
            file(tar, TOP + "questdb.jar", "not a jar, never inspected");
            switch (kind) {
                case ABSOLUTE_PATH -> file(tar, outside.toAbsolutePath().resolve("absolute.txt").toString(), "escaped");
                case DOT_DOT -> file(tar, TOP + "../../outside/dotdot.txt", "escaped");
                case SYMLINK_OUT -> {
                    symlink(tar, TOP + "lib", "../../outside");
                    file(tar, TOP + "lib/through-link.txt", "escaped");
                }
                case SYMLINK_OUT_AFTER_STRIP -> symlink(tar, TOP + "data", "../outside");
            }
            file(tar, TOP + "README.txt", "after the hostile entry");
            tar.finish();
        }
        return describe(tarball);
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Tarball describe(Path tarball) throws IOException {
        return new Tarball(tarball, sha256(tarball), Files.size(tarball));
    }

    private static TarArchiveOutputStream open(Path tarball) throws IOException {
        GzipParameters parameters = new GzipParameters();
        parameters.setCompressionLevel(Deflater.BEST_SPEED); // the jar is compressed already
        TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(Files.newOutputStream(tarball), parameters));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        return tar;
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setMode(0100644);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
