package io.qfleet.agent.install;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recognises an unpacked distribution before anything on the host changes. Two layouts exist
 * (QUESTDB.md, "Tarballs"):
 * <ul>
 *   <li>{@code no-jre}: {@code questdb.jar} at the top. The jar is read in full, so a truncated or
 *       damaged download is refused here; edition and main come from its classes, the version
 *       from its manifest.</li>
 *   <li>{@code runtime}: a jlink image with {@code bin/java} and {@code lib/modules}. Its OS and
 *       architecture must match this host. Edition and main are best effort from
 *       {@code bin/env.sh}; the version is not recorded outside the jlink image, so it is "" and
 *       the health gate's {@code build()} check after the start is what confirms it.</li>
 * </ul>
 */
public final class DistributionLayout {
    public static final String NO_JRE = "no-jre";
    public static final String RUNTIME = "runtime";
    /** Open Source: module {@code io.questdb}, main {@code io.questdb.ServerMain} (QUESTDB.md section 1). */
    public static final String OSS_MAIN = "io.questdb/io.questdb.ServerMain";
    /** Enterprise: module {@code com.questdb}, main {@code com.questdb.EntServerMain} (QUESTDB.md section 1). */
    public static final String ENTERPRISE_MAIN = "com.questdb/com.questdb.EntServerMain";
    static final String ENTERPRISE_MODULE = "com.questdb";

    private DistributionLayout() {
    }

    /** Reads the layout and proves the binaries intact (every jar entry's CRC): for staging. */
    public static DistributionInfo inspect(Path dir) {
        return read(dir, true);
    }

    /**
     * Reads the layout without re-reading every jar entry: for starts and facts, where the binaries
     * were checked when staged and re-reading ~30 MB would only add downtime.
     */
    public static DistributionInfo describe(Path dir) {
        return read(dir, false);
    }

    private static DistributionInfo read(Path dir, boolean checkEveryEntry) {
        requireNonNull(dir, "dir");
        Path jar = dir.resolve("questdb.jar");
        if (Files.isRegularFile(jar)) {
            return QuestDbJar.inspect(dir, jar, checkEveryEntry);
        }
        Path java = dir.resolve("bin").resolve("java");
        if (Files.isRegularFile(java) && Files.isRegularFile(dir.resolve("lib").resolve("modules"))) {
            return RuntimeImage.inspect(dir, java);
        }
        throw AgentException.invalidArgument("bad_layout", dir
                + " is not a QuestDB distribution: neither questdb.jar (no-jre) nor bin/java with lib/modules (runtime)");
    }

    /** Refuses a distribution whose known version differs from the expected one; "" on either side skips. */
    public static void requireVersion(DistributionInfo info, String expected) {
        requireNonNull(info, "info");
        requireNonNull(expected, "expected");
        if (!expected.isEmpty() && !info.version().isEmpty() && !info.version().equals(expected)) {
            throw AgentException.invalidArgument("version_mismatch",
                    "distribution holds QuestDB " + info.version() + ", the fleet file says " + expected);
        }
    }
}
