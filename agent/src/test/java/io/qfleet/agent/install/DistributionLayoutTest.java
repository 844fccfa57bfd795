package io.qfleet.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.Edition;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistributionLayoutTest {
    private static final String OSS_CLASS = "io/questdb/ServerMain.class";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"9.2.2", "8.1.4"})
    void readsRealQuestDbJar(String version) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dist"));
        Files.createSymbolicLink(dir.resolve("questdb.jar"), realJar(version));

        DistributionInfo info = DistributionLayout.inspect(dir);

        assertEquals(new DistributionInfo("no-jre", version, Edition.OPEN_SOURCE, "io.questdb/io.questdb.ServerMain",
                dir.resolve("questdb.jar"), null), info);
        DistributionLayout.requireVersion(info, version);
    }

    @Test
    void refusesRealJarCutInTheMiddle() throws IOException {
        byte[] jar = Files.readAllBytes(realJar("9.2.2"));
        Path dir = Files.createDirectories(tmp.resolve("dist"));
        Files.write(dir.resolve("questdb.jar"), Arrays.copyOf(jar, jar.length / 2));

        AgentException e = assertThrows(AgentException.class, () -> DistributionLayout.inspect(dir));

        assertEquals("corrupt_jar", e.reason());
        assertTrue(e.getMessage().startsWith(dir.resolve("questdb.jar") + " is not a readable jar: "), e.getMessage());
    }

    @Test
    void refusesJarWithFlippedBitInsideAnEntry() throws IOException {
        byte[] noise = new byte[50_000];
        new Random(3).nextBytes(noise);
        Path dir = jarDir(Map.of(OSS_CLASS, noise), manifest("Implementation-Version", "9.2.2"));
        Path jar = dir.resolve("questdb.jar");
        byte[] bytes = Files.readAllBytes(jar);
        // Random bytes are stored raw inside the deflate stream, so only the CRC-32 notices the flip.
        int at = indexOf(bytes, Arrays.copyOfRange(noise, 20_000, 20_016));
        bytes[at] ^= 0x01;
        Files.write(jar, bytes);

        AgentException e = assertThrows(AgentException.class, () -> DistributionLayout.inspect(dir));

        assertEquals("corrupt_jar", e.reason());
        assertTrue(e.getMessage().contains(OSS_CLASS), e.getMessage());
    }

    @Test
    void refusesZipWithoutQuestDbMain() throws IOException {
        Path dir = jarDir(Map.of("org/example/Main.class", new byte[10]), manifest("Implementation-Version", "1.0"));

        AgentException e = assertThrows(AgentException.class, () -> DistributionLayout.inspect(dir));

        assertEquals("bad_layout", e.reason());
    }

    @Test
    void recognisesEnterpriseJarAndFallsBackToPomPropertiesForTheVersion() throws IOException {
        Path dir = jarDir(Map.of("com/questdb/EntServerMain.class", new byte[10], OSS_CLASS, new byte[10],
                "META-INF/maven/org.questdb/questdb/pom.properties", "version=3.1.0\n".getBytes(StandardCharsets.UTF_8)),
                manifest("Created-By", "test"));

        DistributionInfo info = DistributionLayout.inspect(dir);

        assertEquals(Edition.ENTERPRISE, info.edition());
        assertEquals("com.questdb/com.questdb.EntServerMain", info.main());
        assertEquals("3.1.0", info.version());
    }

    @Test
    void recognisesEnterpriseJarByItsModuleName() throws IOException {
        // No EntServerMain class: the module descriptor alone says com.questdb; its version is the fallback.
        Path dir = jarDir(Map.of("module-info.class", moduleInfo("com.questdb", "3.1.1"), OSS_CLASS, new byte[10]),
                manifest("Created-By", "test"));

        DistributionInfo info = DistributionLayout.inspect(dir);

        assertEquals(new DistributionInfo("no-jre", "3.1.1", Edition.ENTERPRISE, "com.questdb/com.questdb.EntServerMain",
                dir.resolve("questdb.jar"), null), info);
    }

    @Test
    void openSourceModuleStaysOpenSource() throws IOException {
        Path dir = jarDir(Map.of("module-info.class", moduleInfo("io.questdb", "9.2.2"), OSS_CLASS, new byte[10]),
                manifest("Created-By", "test"));

        DistributionInfo info = DistributionLayout.inspect(dir);

        assertEquals(Edition.OPEN_SOURCE, info.edition());
        assertEquals("io.questdb/io.questdb.ServerMain", info.main());
        assertEquals("9.2.2", info.version());
    }

    @Test
    void refusesJarWithBrokenModuleDescriptor() throws IOException {
        Path dir = jarDir(Map.of("module-info.class", new byte[] {1, 2, 3}, OSS_CLASS, new byte[10]), manifest("Created-By", "t"));

        assertEquals("corrupt_jar", assertThrows(AgentException.class, () -> DistributionLayout.inspect(dir)).reason());
    }

    @Test
    void readsBuildVersionWhenImplementationVersionIsMissing() throws IOException {
        Path dir = jarDir(Map.of(OSS_CLASS, new byte[10]), manifest("Build-Version", "9.3.0"));

        assertEquals("9.3.0", DistributionLayout.inspect(dir).version());
    }

    @Test
    void versionIsEmptyWhenTheJarDoesNotSay() throws IOException {
        Path dir = jarDir(Map.of(OSS_CLASS, new byte[10]), manifest("Created-By", "test"));

        DistributionInfo info = DistributionLayout.inspect(dir);

        assertEquals("", info.version());
        DistributionLayout.requireVersion(info, "9.2.2");
    }

    @Test
    void refusesVersionOtherThanTheFleetFileSays() {
        DistributionInfo info = new DistributionInfo("no-jre", "9.2.2", Edition.OPEN_SOURCE, "m", null, null);

        AgentException e = assertThrows(AgentException.class, () -> DistributionLayout.requireVersion(info, "9.3.0"));

        assertEquals("version_mismatch", e.reason());
        assertEquals("distribution holds QuestDB 9.2.2, the fleet file says 9.3.0", e.getMessage());
        DistributionLayout.requireVersion(info, "");
    }

    @Test
    void refusesDirectoryThatIsNeitherLayout() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dist/bin"));

        assertEquals("bad_layout", assertThrows(AgentException.class,
                () -> DistributionLayout.inspect(dir.getParent())).reason());
    }

    @Test
    void refusesRuntimeImageForAnotherArchitecture() throws IOException {
        Platform host = Platform.host();
        String otherArch = host.arch().equals("aarch64") ? "x86_64" : "aarch64";
        Path dir = runtimeDir("OS_NAME=\"Linux\"\nOS_ARCH=\"" + otherArch + "\"\n", elf(0x3e));

        AgentException e = assertThrows(AgentException.class, () -> DistributionLayout.inspect(dir));

        assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());
        assertEquals("wrong_os_arch", e.reason());
        assertEquals("distribution is for linux/" + (otherArch.equals("x86_64") ? "amd64" : "aarch64")
                + ", this host is " + host, e.getMessage());
    }

    @Test
    void readsRuntimeImageForThisHost() throws IOException {
        Platform host = Platform.host();
        Path dir = runtimeDir("JAVA_VERSION=\"17.0.9\"\nOS_NAME=\"" + System.getProperty("os.name") + "\"\nOS_ARCH=\""
                + System.getProperty("os.arch") + "\"\n", elf(0));
        Files.writeString(dir.resolve("bin/env.sh"), "#!/usr/bin/env bash\nexport JAVA_MAIN=\"io.questdb/io.questdb.ServerMain\"\n");

        DistributionInfo info = DistributionLayout.inspect(dir);

        assertEquals(new DistributionInfo("runtime", "", Edition.OPEN_SOURCE, "io.questdb/io.questdb.ServerMain", null,
                dir.resolve("bin/java")), info);
        assertEquals("linux", host.os());
    }

    @Test
    void readsEnterpriseRuntimeFromEnvSh() throws IOException {
        Path dir = runtimeDir("", elf(hostElfMachine()));
        Files.writeString(dir.resolve("bin/env.sh"), "export JAVA_MAIN=\"com.questdb/com.questdb.EntServerMain\"\n");

        DistributionInfo info = DistributionLayout.inspect(dir);

        assertEquals(Edition.ENTERPRISE, info.edition());
        assertEquals("com.questdb/com.questdb.EntServerMain", info.main());
        assertNull(info.jar());
    }

    @Test
    void readsEnterpriseRuntimeFromTheModulesJlinkLinked() throws IOException {
        // The rt-linux-amd64 image: release says x86_64 as jlink writes it, and links com.questdb; no env.sh.
        Path dir = runtimeDir("OS_NAME=\"Linux\"\nOS_ARCH=\"" + System.getProperty("os.arch")
                + "\"\nMODULES=\"java.base java.management jdk.crypto.ec io.questdb com.questdb\"\n", elf(hostElfMachine()));

        DistributionInfo info = DistributionLayout.inspect(dir);

        assertEquals(new DistributionInfo("runtime", "", Edition.ENTERPRISE, "com.questdb/com.questdb.EntServerMain", null,
                dir.resolve("bin/java")), info);
    }

    @Test
    void openSourceRuntimeFromTheModulesJlinkLinked() throws IOException {
        Path dir = runtimeDir("MODULES=\"java.base io.questdb jdk.crypto.ec java.management\"\n", elf(hostElfMachine()));

        DistributionInfo info = DistributionLayout.inspect(dir);

        assertEquals(Edition.OPEN_SOURCE, info.edition());
        assertEquals("io.questdb/io.questdb.ServerMain", info.main());
    }

    @Test
    void anOpenSourceImageInADirNamedEnterpriseStaysOpenSource() throws IOException {
        Path byEnv = runtimeDir("questdb-enterprise-x", "", elf(hostElfMachine()));
        Files.writeString(byEnv.resolve("bin/env.sh"), "export JAVA_MAIN=\"io.questdb/io.questdb.ServerMain\"\n");
        assertEquals(Edition.OPEN_SOURCE, DistributionLayout.inspect(byEnv).edition(), "env.sh's main outvotes the name");
        assertEquals("io.questdb/io.questdb.ServerMain", DistributionLayout.inspect(byEnv).main());

        Path byModules = runtimeDir("questdb-enterprise-y", "MODULES=\"java.base io.questdb\"\n", elf(hostElfMachine()));
        assertEquals(Edition.OPEN_SOURCE, DistributionLayout.inspect(byModules).edition(), "the linked modules outvote the name");

        Path bare = runtimeDir("questdb-enterprise-z", "", elf(hostElfMachine()));
        assertEquals(Edition.ENTERPRISE, DistributionLayout.inspect(bare).edition(), "without evidence, the name is the last hint");
    }

    @Test
    void fallsBackToTheElfHeaderWhenReleaseDoesNotNameThePlatform() throws IOException {
        int other = hostElfMachine() == 0xb7 ? 0x3e : 0xb7;
        Path dir = runtimeDir("JAVA_VERSION=\"17.0.9\"\nMODULES=\"java.base io.questdb\"\n", elf(other));

        AgentException e = assertThrows(AgentException.class, () -> DistributionLayout.inspect(dir));

        assertEquals("wrong_os_arch", e.reason());
    }

    private static int hostElfMachine() {
        return Platform.host().arch().equals("aarch64") ? 0xb7 : 0x3e;
    }

    /** The first 20 bytes of a little-endian 64-bit Linux ELF executable for {@code machine}. */
    private static byte[] elf(int machine) {
        byte[] header = new byte[64];
        header[0] = 0x7f;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[4] = 2;
        header[5] = 1;
        header[6] = 1;
        header[16] = 2;
        header[18] = (byte) machine;
        header[19] = (byte) (machine >> 8);
        return header;
    }

    /** A real module-info.class, compiled here: {@code module <name> {}} at {@code version}. */
    private byte[] moduleInfo(String name, String version) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("module-src-" + name));
        Files.writeString(src.resolve("module-info.java"), "module " + name + " {}\n");
        Path out = Files.createDirectories(tmp.resolve("module-out-" + name));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "--module-version", version, "-d", out.toString(),
                src.resolve("module-info.java").toString()), "javac");
        return Files.readAllBytes(out.resolve("module-info.class"));
    }

    private Path runtimeDir(String release, byte[] java) throws IOException {
        return runtimeDir("rt", release, java);
    }

    private Path runtimeDir(String name, String release, byte[] java) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("lib"));
        Files.write(dir.resolve("bin/java"), java);
        Files.write(dir.resolve("lib/modules"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xda, (byte) 0xda});
        Files.writeString(dir.resolve("release"), release);
        return dir;
    }

    private Path jarDir(Map<String, byte[]> entries, Manifest manifest) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dist"));
        try (OutputStream out = Files.newOutputStream(dir.resolve("questdb.jar"));
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new ZipEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
        return dir;
    }

    private static Manifest manifest(String name, String value) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(name, value);
        return manifest;
    }

    /** The Maven-copied jar when surefire names it, else the local repository; skipped when neither exists. */
    private static Path realJar(String version) {
        for (String property : new String[] {"questdb.jar.target", "questdb.jar.source"}) {
            String value = System.getProperty(property);
            if (value != null && value.endsWith("questdb-" + version + ".jar") && Files.isRegularFile(Path.of(value))) {
                return Path.of(value);
            }
        }
        Path local = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "questdb", "questdb", version,
                "questdb-" + version + ".jar");
        assumeTrue(Files.isRegularFile(local), "QuestDB " + version + " jar not found at " + local);
        return local;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("needle not found");
    }
}
