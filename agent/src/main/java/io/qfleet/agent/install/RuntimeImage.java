package io.qfleet.agent.install;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.Edition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime layout: a jlink image that runs only on the OS and architecture it was built for.
 * The edition is best effort: {@code bin/env.sh} names the main ({@code JAVA_MAIN}); failing
 * that, a directory name containing "enterprise". The version is "" (see {@link DistributionLayout}).
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
        Edition edition = edition(dir, env, main);
        if (!main.equals(DistributionLayout.OSS_MAIN) && !main.equals(DistributionLayout.ENTERPRISE_MAIN)) {
            main = switch (edition) {
                case ENTERPRISE -> DistributionLayout.ENTERPRISE_MAIN;
                case OPEN_SOURCE -> DistributionLayout.OSS_MAIN;
                case UNKNOWN -> "";
            };
        }
        return new DistributionInfo(DistributionLayout.RUNTIME, "", edition, main, null, java);
    }

    private static Edition edition(Path dir, String env, String main) {
        if (main.startsWith("com.questdb/") || env.contains("com.questdb")) {
            return Edition.ENTERPRISE;
        }
        Path name = dir.toAbsolutePath().getFileName();
        if (name != null && name.toString().toLowerCase(Locale.ROOT).contains("enterprise")) {
            return Edition.ENTERPRISE;
        }
        return main.startsWith("io.questdb/") || env.contains("io.questdb") ? Edition.OPEN_SOURCE : Edition.UNKNOWN;
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
