package io.qfleet.agent.install;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.Edition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime layout: a jlink image that runs only on the OS and architecture it was built for.
 * The edition is best effort (see {@code edition}); Enterprise names its images
 * {@code questdb-enterprise-<v>-rt-linux-amd64} (QUESTDB.md, "Tarballs"), and {@link Platform}
 * reads amd64 and x86-64 as one architecture. The version is "" (see {@link DistributionLayout}).
 */
final class RuntimeImage {
    private static final Pattern JAVA_MAIN = Pattern.compile("(?m)^\\s*(?:export\\s+)?JAVA_MAIN=[\"']?([^\"'\\s]+)");
    private static final long MAX_ENV_BYTES = 64 * 1024;

    private RuntimeImage() {
    }

    static DistributionInfo inspect(Path dir, Path java) {
        Platform image = Platform.ofImage(dir, java);
        Platform host = Platform.host();
        if (!image.equals(host)) {
            throw AgentException.failedPrecondition("wrong_os_arch",
                    "distribution is for " + image + ", this host is " + host);
        }
        String env = readEnv(dir.resolve("bin").resolve("env.sh"));
        Matcher declared = JAVA_MAIN.matcher(env);
        String main = declared.find() ? declared.group(1) : "";
        Edition edition = edition(dir, env, main, modules(dir));
        if (!main.equals(DistributionLayout.OSS_MAIN) && !main.equals(DistributionLayout.ENTERPRISE_MAIN)) {
            main = switch (edition) {
                case ENTERPRISE -> DistributionLayout.ENTERPRISE_MAIN;
                case OPEN_SOURCE -> DistributionLayout.OSS_MAIN;
                case UNKNOWN -> "";
            };
        }
        return new DistributionInfo(DistributionLayout.RUNTIME, "", edition, main, null, java);
    }

    /**
     * In this order: Enterprise evidence (the main {@code env.sh} declares, or the modules jlink linked
     * in, from the image's {@code release} file: an Enterprise image links {@code com.questdb}); then
     * Open Source evidence ({@code io.questdb} as main, in env.sh or among the modules, without
     * {@code com.questdb}); only without either, a directory name naming "enterprise". A name is what
     * an operator typed, so it never outvotes what the image holds.
     */
    private static Edition edition(Path dir, String env, String main, List<String> modules) {
        if (main.startsWith(DistributionLayout.ENTERPRISE_MODULE + "/") || env.contains(DistributionLayout.ENTERPRISE_MODULE)
                || modules.contains(DistributionLayout.ENTERPRISE_MODULE)) {
            return Edition.ENTERPRISE;
        }
        if (main.startsWith("io.questdb/") || env.contains("io.questdb") || modules.contains("io.questdb")) {
            return Edition.OPEN_SOURCE;
        }
        Path name = dir.toAbsolutePath().getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).contains("enterprise") ? Edition.ENTERPRISE : Edition.UNKNOWN;
    }

    /** The {@code MODULES} of the image's {@code release} file; empty when it does not say. */
    private static List<String> modules(Path dir) {
        try {
            String modules = Platform.releaseValue(Platform.readRelease(dir.resolve("release")), "MODULES");
            return modules.isBlank() ? List.of() : List.of(modules.strip().split("\\s+"));
        } catch (Platform.UncheckedReadException e) {
            throw AgentException.invalidArgument("bad_layout", dir + ": cannot read " + e.path + ": " + e.getMessage());
        }
    }

    private static String readEnv(Path envSh) {
        try {
            if (!Files.isRegularFile(envSh) || Files.size(envSh) > MAX_ENV_BYTES) {
                return "";
            }
            return Files.readString(envSh, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw AgentException.invalidArgument("bad_layout", "cannot read " + envSh + ": " + Quote.reason(e));
        }
    }
}
