package io.qfleet.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put things: system properties set by this module's pom. */
final class PackagingFiles {
    private PackagingFiles() {}

    /** The packaging/ directory of the source tree. */
    static Path sourceDir() {
        return existing("qfleet.packaging.dir");
    }

    static Path deb() {
        return existing("qfleet.deb");
    }

    /** The coordinator's shaded jar: {@code qfleet pki} makes the TLS material of the packaged agent. */
    static Path coordinatorJar() {
        return existing("qfleet.coordinator.jar");
    }

    static Path tarball() {
        return existing("qfleet.tarball");
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set (run through Maven: ./mvnw -pl packaging -am verify)");
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + ": " + path + " is missing; build first: ./mvnw -q package -DskipTests");
        }
        return path;
    }
}
