package io.qfleet.agent.process;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits the operator's {@code --add-opens}/{@code --add-exports} to the module being started. The
 * Enterprise server runs in module {@code com.questdb} on top of {@code io.questdb}, and its opens
 * name both, e.g. {@code --add-opens=java.base/java.lang=io.questdb,com.questdb} (QUESTDB.md
 * section 1, from QuestDB's systemd page); JVM options written for Open Source name only
 * {@code io.questdb}, so after a swap to Enterprise each such option also names the new module.
 */
final class ModuleOpens {
    static final String OSS_MODULE = "io.questdb";
    private static final List<String> OPTIONS = List.of("--add-opens", "--add-exports");

    private ModuleOpens() {
    }

    /** {@code jvmArgs} with every opens/exports target list naming io.questdb extended by {@code module}. */
    static List<String> forModule(List<String> jvmArgs, String module) {
        if (module.equals(OSS_MODULE)) {
            return jvmArgs;
        }
        List<String> fitted = new ArrayList<>(jvmArgs.size());
        boolean valueNext = false;
        for (String arg : jvmArgs) {
            String option = OPTIONS.stream().filter(o -> arg.startsWith(o + "=")).findFirst().orElse(null);
            if (valueNext) {
                fitted.add(withModule(arg, module));
            } else if (option != null) {
                fitted.add(option + "=" + withModule(arg.substring(option.length() + 1), module));
            } else {
                fitted.add(arg);
            }
            valueNext = OPTIONS.contains(arg);
        }
        return List.copyOf(fitted);
    }

    /** {@code java.base/java.lang=io.questdb} gives {@code java.base/java.lang=io.questdb,<module>}. */
    private static String withModule(String value, String module) {
        int eq = value.lastIndexOf('=');
        if (eq < 0) {
            return value;
        }
        List<String> targets = Arrays.asList(value.substring(eq + 1).split(","));
        if (!targets.contains(OSS_MODULE) || targets.contains(module)) {
            return value;
        }
        return value + "," + module;
    }
}
