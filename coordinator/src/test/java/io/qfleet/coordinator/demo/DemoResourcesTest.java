package io.qfleet.coordinator.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoResourcesTest {
    @TempDir
    Path tmp;

    @Test
    void locatesJarsAndBuildsTheAgentCommand() throws Exception {
        Map<String, String> properties = complete();

        DemoResources resources = DemoResources.locate(properties::get);

        assertEquals(tmp.resolve("questdb-8.1.4.jar"), resources.sourceJar());
        assertEquals(tmp.resolve("questdb-9.2.2.jar"), resources.targetJar());
        assertEquals(Path.of("/jdk/bin/java"), resources.javaExecutable());
        List<String> command = resources.agentCommand();
        assertEquals("/jdk/bin/java", command.get(0));
        assertEquals(List.of("-jar", tmp.resolve("agent.jar").toString()), command.subList(command.size() - 2, command.size()));
        assertEquals(List.of("/jdk/bin/java", "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-Dio.netty.allocator.type=unpooled",
                "-jar", tmp.resolve("agent.jar").toString()), command, "the options of the file, comments left out");
    }

    @Test
    void theAgentStartsWithTheArchiveBesideItsJarWhenThereIsOne() throws Exception {
        Map<String, String> properties = complete();
        Files.createFile(tmp.resolve("agent.jsa"));

        List<String> command = DemoResources.locate(properties::get).agentCommand();

        assertEquals(List.of("-XX:SharedArchiveFile=" + tmp.resolve("agent.jsa"), "-Xshare:auto", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-jar", tmp.resolve("agent.jar").toString()), command.subList(command.size() - 6, command.size()));
    }

    @Test
    void theDemoUsesThePackagedAgentsJvmOptions() {
        Path packaged = Path.of("..", "packaging", "conf", "jvm.options");

        List<String> options = JvmOptionsFile.read(packaged);

        assertTrue(options.contains("-XX:+UseSerialGC") && options.contains("-Xmx64m"), options.toString());
        assertTrue(options.stream().allMatch(option -> option.startsWith("-")), "no comment text slips in: " + options);
    }

    @Test
    void saysWhatIsMissingAndToBuildFirst() throws Exception {
        Map<String, String> noAgent = complete();
        noAgent.remove(DemoResources.AGENT_JAR_PROPERTY);
        assertMessage(noAgent, "qfleet.agent.jar is not set (the agent jar); build first: ./mvnw -q package -DskipTests");

        Map<String, String> noTarget = complete();
        Files.delete(tmp.resolve("questdb-9.2.2.jar"));
        assertMessage(noTarget, tmp.resolve("questdb-9.2.2.jar") + " is missing; build first: ./mvnw -q package -DskipTests");

        Map<String, String> noOptions = complete();
        noOptions.remove(DemoResources.AGENT_JVM_OPTIONS_PROPERTY);
        assertMessage(noOptions, "qfleet.agent.jvm.options is not set (the agent's JVM options)");

        Map<String, String> noDir = complete();
        noDir.put(DemoResources.QUESTDB_DIR_PROPERTY, tmp.resolve("nope").toString());
        assertMessage(noDir, "qfleet.questdb.dir: " + tmp.resolve("nope") + " does not exist");
    }

    private void assertMessage(Map<String, String> properties, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DemoResources.locate(properties::get));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(e.getMessage().endsWith("build first: ./mvnw -q package -DskipTests"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private Map<String, String> complete() throws Exception {
        for (String name : List.of("questdb-8.1.4.jar", "questdb-9.2.2.jar", "agent.jar")) {
            if (!Files.exists(tmp.resolve(name))) {
                Files.createFile(tmp.resolve(name));
            }
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("java.home", "/jdk");
        properties.put(DemoResources.QUESTDB_DIR_PROPERTY, tmp.toString());
        properties.put(DemoResources.AGENT_JAR_PROPERTY, tmp.resolve("agent.jar").toString());
        Path options = Files.writeString(tmp.resolve("jvm.options"), """
                # why the GC
                -XX:+UseSerialGC
                -Xms8m -Xmx64m   # sizes

                -Dio.netty.allocator.type=unpooled
                """);
        properties.put(DemoResources.AGENT_JVM_OPTIONS_PROPERTY, options.toString());
        return properties;
    }
}
