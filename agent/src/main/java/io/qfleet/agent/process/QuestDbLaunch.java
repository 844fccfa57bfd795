package io.qfleet.agent.process;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.install.DistributionInfo;
import io.qfleet.agent.install.DistributionLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How this host launches QuestDB, independent of the version being started.
 *
 * @param javaExecutable the JVM for no-JRE installs (a runtime install brings its own {@code bin/java})
 * @param jvmArgs        options placed before {@code -p}/{@code -m}, e.g. {@code -Xmx4g}
 * @param questdbRoot    the {@code -d} directory holding {@code conf/} and {@code db/}
 * @param logFile        stdout and stderr are appended here
 */
public record QuestDbLaunch(Path javaExecutable, List<String> jvmArgs, Path questdbRoot, Path logFile) {
    /** The OSS main, as {@code -m module/class}; Enterprise's is {@link DistributionLayout#ENTERPRISE_MAIN}. */
    public static final String OSS_MAIN = DistributionLayout.OSS_MAIN;

    public QuestDbLaunch {
        requireNonNull(javaExecutable, "javaExecutable");
        jvmArgs = List.copyOf(requireNonNull(jvmArgs, "jvmArgs"));
        questdbRoot = requireNonNull(questdbRoot, "questdbRoot").toAbsolutePath().normalize();
        logFile = requireNonNull(logFile, "logFile").toAbsolutePath().normalize();
    }

    /**
     * The argument list that starts the distribution {@code installed} describes: the one place an
     * Enterprise launch ({@code -m com.questdb/com.questdb.EntServerMain}, opens naming both
     * modules) is spelled out, for a direct start and for a systemd drop-in alike.
     */
    public List<String> command(DistributionInfo installed) {
        requireNonNull(installed, "installed");
        return command(installed.jar(), installed.javaExecutable(), installed.main());
    }

    /**
     * The argument list for one start: exactly one of {@code jar} (no-JRE install: module path
     * {@code -p jar}) and {@code runtimeJava} (jlink runtime: the module is linked in) is given.
     * Opens and exports naming {@code io.questdb} also name {@code main}'s module ({@link ModuleOpens}).
     */
    public List<String> command(Path jar, Path runtimeJava, String main) {
        requireNonNull(main, "main");
        if ((jar == null) == (runtimeJava == null)) {
            throw new IllegalArgumentException("jar: " + jar + ", runtimeJava: " + runtimeJava + " (expected: exactly one)");
        }
        if (main.isBlank() || main.indexOf('/') < 1) {
            throw new IllegalArgumentException("main: '" + main + "' (expected: module/class, e.g. " + OSS_MAIN + ")");
        }
        List<String> command = new ArrayList<>();
        command.add((jar != null ? javaExecutable : runtimeJava).toString());
        command.addAll(ModuleOpens.forModule(jvmArgs, main.substring(0, main.indexOf('/'))));
        if (jar != null) {
            command.add("-p");
            command.add(jar.toAbsolutePath().toString());
        }
        command.add("-m");
        command.add(main);
        command.add("-d");
        command.add(questdbRoot.toString());
        return List.copyOf(command);
    }
}
