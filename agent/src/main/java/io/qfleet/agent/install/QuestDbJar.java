package io.qfleet.agent.install;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.Edition;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.InvalidModuleDescriptorException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipException;

/**
 * The no-jre layout: {@code questdb.jar}, checked entry by entry. Enterprise when its module is
 * {@code com.questdb} or it holds {@code com.questdb.EntServerMain}; Open Source when it holds
 * {@code io.questdb.ServerMain}.
 */
final class QuestDbJar {
    private static final String ENTERPRISE_CLASS = "com/questdb/EntServerMain.class";
    private static final String OSS_CLASS = "io/questdb/ServerMain.class";
    private static final String MODULE_INFO = "module-info.class";
    private static final List<String> VERSION_ATTRIBUTES = List.of("Implementation-Version", "Build-Version",
            "Bundle-Version");
    private static final String POM_PROPERTIES = "META-INF/maven/org.questdb/questdb/pom.properties";
    private static final int MAX_VERSION_CHARS = 64;

    private QuestDbJar() {
    }

    static DistributionInfo inspect(Path dir, Path jarPath, boolean checkEveryEntry) {
        // verify=false: QuestDB jars are not signed; integrity comes from the CRC of every entry.
        try (JarFile jar = new JarFile(jarPath.toFile(), false)) {
            if (checkEveryEntry) {
                readEveryEntry(jar);
            }
            Edition edition;
            String main;
            Optional<ModuleDescriptor> module = module(jar);
            String moduleName = module.map(ModuleDescriptor::name).orElse("");
            if (moduleName.equals(DistributionLayout.ENTERPRISE_MODULE) || jar.getEntry(ENTERPRISE_CLASS) != null) {
                edition = Edition.ENTERPRISE;
                main = DistributionLayout.ENTERPRISE_MAIN;
            } else if (jar.getEntry(OSS_CLASS) != null) {
                edition = Edition.OPEN_SOURCE;
                main = DistributionLayout.OSS_MAIN;
            } else {
                throw AgentException.invalidArgument("bad_layout", jarPath
                        + " holds neither " + ENTERPRISE_CLASS + " nor " + OSS_CLASS + "; it is not a QuestDB jar");
            }
            String version = version(jar);
            if (version.isEmpty()) {
                version = clean(module.flatMap(ModuleDescriptor::rawVersion).orElse(""));
            }
            return new DistributionInfo(DistributionLayout.NO_JRE, version, edition, main, jarPath, null);
        } catch (IOException | IllegalArgumentException | IllegalStateException | SecurityException e) {
            throw new AgentException(AgentException.Kind.INVALID_ARGUMENT, "corrupt_jar", dir.resolve("questdb.jar")
                    + " is not a readable jar: " + Quote.reason(e), false, e);
        }
    }

    /**
     * The jar's module descriptor ({@code module-info.class}): QuestDB's jar is the named module
     * {@code io.questdb} (its 9.2.2 descriptor reads {@code open module io.questdb@9.2.2}), an
     * Enterprise one {@code com.questdb}. Empty for a jar without one.
     */
    private static Optional<ModuleDescriptor> module(JarFile jar) throws IOException {
        JarEntry entry = jar.getJarEntry(MODULE_INFO);
        if (entry == null) {
            return Optional.empty();
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return Optional.of(ModuleDescriptor.read(in));
        } catch (InvalidModuleDescriptorException e) {
            throw new ZipException(MODULE_INFO + " is not a module descriptor: " + e.getMessage());
        }
    }

    /**
     * Inflates every entry and compares its CRC-32: {@link java.util.zip.ZipFile} checks the
     * central directory but not entry contents, so a flipped bit inside a class would pass.
     */
    private static void readEveryEntry(JarFile jar) throws IOException {
        byte[] buffer = new byte[1 << 16];
        CRC32 crc = new CRC32();
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            JarEntry entry = entries.nextElement();
            crc.reset();
            long size = 0;
            try (InputStream in = jar.getInputStream(entry)) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    crc.update(buffer, 0, n);
                    size += n;
                }
            }
            if ((entry.getCrc() != -1 && entry.getCrc() != crc.getValue())
                    || (entry.getSize() != -1 && entry.getSize() != size)) {
                throw new ZipException("entry " + entry.getName() + " fails its CRC-32 or size check");
            }
        }
    }

    /** The manifest's version attributes first, then the Maven pom.properties; "" if none. */
    private static String version(JarFile jar) throws IOException {
        Manifest manifest = jar.getManifest();
        if (manifest != null) {
            Attributes attributes = manifest.getMainAttributes();
            for (String name : VERSION_ATTRIBUTES) {
                String value = attributes.getValue(name);
                if (value != null && !value.isBlank()) {
                    return clean(value);
                }
            }
        }
        JarEntry pom = jar.getJarEntry(POM_PROPERTIES);
        if (pom == null) {
            return "";
        }
        Properties properties = new Properties();
        try (InputStream in = jar.getInputStream(pom)) {
            properties.load(in);
        }
        return clean(properties.getProperty("version", ""));
    }

    private static String clean(String version) {
        String trimmed = version.strip();
        if (trimmed.length() > MAX_VERSION_CHARS || trimmed.chars().anyMatch(Character::isISOControl)) {
            return "";
        }
        return trimmed;
    }
}
