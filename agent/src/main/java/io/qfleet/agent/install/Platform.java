package io.qfleet.agent.install;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * An OS and architecture, spelled one way: a JDK's {@code release} says x86_64 where Java's
 * {@code os.arch} says amd64, and tarball names use both.
 */
record Platform(String os, String arch) {
    private static final int ELF_MACHINE_X86_64 = 0x3e;
    private static final int ELF_MACHINE_AARCH64 = 0xb7;

    static Platform of(String os, String arch) {
        String o = os.strip().toLowerCase(Locale.ROOT);
        String a = arch.strip().toLowerCase(Locale.ROOT);
        if (o.startsWith("mac") || o.equals("darwin")) {
            o = "darwin";
        } else if (o.startsWith("windows")) {
            o = "windows";
        }
        if (a.equals("x86_64") || a.equals("x86-64") || a.equals("x64")) {
            a = "amd64";
        } else if (a.equals("arm64")) {
            a = "aarch64";
        }
        return new Platform(o, a);
    }

    static Platform host() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /**
     * From the image's {@code release} file ({@code OS_NAME}, {@code OS_ARCH}); some jlink builds
     * leave those out, so then from the ELF header of {@code bin/java} itself.
     */
    static Platform ofImage(Path dir, Path java) {
        try {
            return fromRelease(dir.resolve("release")).or(() -> fromElf(java)).orElseThrow(() ->
                    AgentException.invalidArgument("bad_layout", dir + ": cannot tell the OS and architecture: "
                            + "release has no OS_NAME/OS_ARCH and bin/java is not an x86-64 or aarch64 ELF file"));
        } catch (UncheckedReadException e) {
            throw AgentException.invalidArgument("bad_layout", dir + ": cannot read " + e.path + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return os + "/" + arch;
    }

    private static Optional<Platform> fromRelease(Path release) {
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Properties properties = readRelease(release);
        String os = unquote(properties.getProperty("OS_NAME", ""));
        String arch = unquote(properties.getProperty("OS_ARCH", ""));
        return os.isEmpty() || arch.isEmpty() ? Optional.empty() : Optional.of(of(os, arch));
    }

    /** A jlink image's {@code release} file (KEY="value" lines); empty when there is none. */
    static Properties readRelease(Path release) {
        Properties properties = new Properties();
        if (!Files.isRegularFile(release)) {
            return properties;
        }
        try (Reader in = Files.newBufferedReader(release, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedReadException(release, e);
        }
        return properties;
    }

    /** One value of a {@code release} file without its quotes. */
    static String releaseValue(Properties release, String key) {
        return unquote(release.getProperty(key, ""));
    }

    private static Optional<Platform> fromElf(Path java) {
        byte[] header;
        try (InputStream in = Files.newInputStream(java)) {
            header = in.readNBytes(20);
        } catch (IOException e) {
            throw new UncheckedReadException(java, e);
        }
        if (header.length < 20 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
            return Optional.empty();
        }
        // e_machine is the 16-bit field at offset 18, in the byte order EI_DATA (offset 5) names.
        int machine = header[5] == 1 ? (header[18] & 0xff) | (header[19] & 0xff) << 8
                : (header[19] & 0xff) | (header[18] & 0xff) << 8;
        String os = header[7] == 9 ? "freebsd" : "linux";
        if (machine == ELF_MACHINE_X86_64) {
            return Optional.of(new Platform(os, "amd64"));
        }
        if (machine == ELF_MACHINE_AARCH64) {
            return Optional.of(new Platform(os, "aarch64"));
        }
        return Optional.of(new Platform(os, "elf-machine-" + machine));
    }

    private static String unquote(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** Carries an I/O failure out of the Optional chain. */
    static final class UncheckedReadException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Path path;

        UncheckedReadException(Path path, IOException cause) {
            super(Quote.reason(cause), cause);
            this.path = path;
        }
    }
}
