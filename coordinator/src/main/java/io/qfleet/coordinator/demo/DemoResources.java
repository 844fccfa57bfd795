package io.qfleet.coordinator.demo;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the demo needs from the build: the QuestDB jars, the agent launch command (with the JVM
 * options the packaged launcher uses, from the same file) and a java to run QuestDB with. The agent is a command prefix (not just a jar) so tests can stand in a fake agent;
 * {@link LocalFleet} appends {@code --settings <agent.yaml>}.
 */
public record DemoResources(Path questdbDir, List<String> agentCommand, Path javaExecutable) {
    public static final String SOURCE_VERSION = "8.1.4";
    public static final String TARGET_VERSION = "9.2.2";
    static final String QUESTDB_DIR_PROPERTY = "qfleet.questdb.dir";
    static final String AGENT_JAR_PROPERTY = "qfleet.agent.jar";
    /** The agent's JVM options, the file bin/qfleet-agent reads: packaging/conf/jvm.options, or conf/ in the tarball. */
    static final String AGENT_JVM_OPTIONS_PROPERTY = "qfleet.agent.jvm.options";
    private static final String BUILD_FIRST = "build first: ./mvnw -q package -DskipTests";

    public DemoResources {
        requireNonNull(questdbDir, "questdbDir");
        agentCommand = List.copyOf(requireNonNull(agentCommand, "agentCommand"));
        requireNonNull(javaExecutable, "javaExecutable");
        if (agentCommand.isEmpty()) {
            throw new IllegalArgumentException("agentCommand: [] (expected: a launch command)");
        }
    }

    /** From the system properties the launcher (or failsafe) sets; this JVM's java runs QuestDB and the agent. */
    public static DemoResources locate() {
        return locate(System::getProperty);
    }

    static DemoResources locate(UnaryOperator<String> properties) {
        Path java = Path.of(properties.apply("java.home"), "bin", "java");
        Path questdbDir = existing(properties, QUESTDB_DIR_PROPERTY, "the directory with the QuestDB jars");
        for (String version : List.of(SOURCE_VERSION, TARGET_VERSION)) {
            Path jar = jar(questdbDir, version);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing; " + BUILD_FIRST);
            }
        }
        Path agentJar = existing(properties, AGENT_JAR_PROPERTY, "the agent jar");
        Path jvmOptions = existing(properties, AGENT_JVM_OPTIONS_PROPERTY, "the agent's JVM options");
        return new DemoResources(questdbDir, agentCommand(java, JvmOptionsFile.read(jvmOptions), agentJar), java);
    }

    /**
     * {@code java <the agent's JVM options> -jar <agentJar>}, with the class data sharing archive the
     * build wrote beside the jar when there is one ({@link #classDataSharing}), as bin/qfleet-agent starts it.
     */
    public static List<String> agentCommand(Path java, List<String> jvmOptions, Path agentJar) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(classDataSharing(agentJar));
        command.add("-jar");
        command.add(agentJar.toAbsolutePath().toString());
        return command;
    }

    /**
     * The JVM options that map the class data sharing archive the build wrote beside {@code jar}
     * ({@code <name>.jsa}), as bin/qfleet and bin/qfleet-agent map theirs; none when there is no
     * archive. A JVM that cannot map it (another jar or java) runs without it, quietly.
     */
    public static List<String> classDataSharing(Path jar) {
        Path archive = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "") + ".jsa");
        return Files.isRegularFile(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off")
                : List.of();
    }

    /** QuestDB 8.1.4, which the fleet runs before the migration. */
    public Path sourceJar() {
        return jar(questdbDir, SOURCE_VERSION);
    }

    /** QuestDB 9.2.2, which the migration installs. */
    public Path targetJar() {
        return jar(questdbDir, TARGET_VERSION);
    }

    private static Path jar(Path dir, String version) {
        return dir.resolve("questdb-" + version + ".jar");
    }

    private static Path existing(UnaryOperator<String> properties, String property, String what) {
        String value = properties.apply(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is not set (" + what + "); " + BUILD_FIRST);
        }
        Path path = Path.of(value).toAbsolutePath();
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + ": " + path + " does not exist (" + what + "); " + BUILD_FIRST);
        }
        return path;
    }
}
