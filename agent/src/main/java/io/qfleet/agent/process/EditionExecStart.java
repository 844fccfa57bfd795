package io.qfleet.agent.process;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a unit's Open Source ExecStart into the Enterprise one, keeping everything the operator
 * put there (JVM, memory flags, root, environment references): the main becomes
 * {@code com.questdb/com.questdb.EntServerMain}, and every {@code --add-opens}/{@code --add-exports}
 * that opens a package to {@code io.questdb} opens it to {@code com.questdb} too, as the Enterprise
 * unit does (QUESTDB.md, "Launch").
 */
public final class EditionExecStart {
    public static final String OSS_MAIN = QuestDbLaunch.OSS_MAIN;
    public static final String ENTERPRISE_MAIN = "com.questdb/com.questdb.EntServerMain";
    /** The main as one word of the command: {@code -m X}, {@code --module X} or {@code --module=X}. */
    private static final Pattern OSS_MAIN_WORD = Pattern.compile("(?<![^\\s=\"'])" + Pattern.quote(OSS_MAIN) + "(?![^\\s\"'])");
    private static final Pattern OPENS = Pattern.compile("(--add-(?:opens|exports)(?:=|\\s+)[^\\s=\"']+=)([^\\s\"']+)");

    private EditionExecStart() {
    }

    /** Whether {@code execStart} launches the Open Source main module. */
    public static boolean namesOssMain(String execStart) {
        return OSS_MAIN_WORD.matcher(execStart).find();
    }

    /** The Enterprise form of an Open Source ExecStart; {@link #namesOssMain} must hold. */
    public static String enterprise(String execStart) {
        if (!namesOssMain(execStart)) {
            throw new IllegalArgumentException("ExecStart does not name " + OSS_MAIN);
        }
        String withMain = OSS_MAIN_WORD.matcher(execStart).replaceAll(Matcher.quoteReplacement(ENTERPRISE_MAIN));
        return OPENS.matcher(withMain).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + withEnterprise(m.group(2))));
    }

    private static String withEnterprise(String targets) {
        var modules = Arrays.asList(targets.split(","));
        return modules.contains("io.questdb") && !modules.contains("com.questdb") ? targets + ",com.questdb" : targets;
    }
}
