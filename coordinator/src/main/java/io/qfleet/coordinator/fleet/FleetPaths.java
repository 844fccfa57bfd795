package io.qfleet.coordinator.fleet;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Paths written in the fleet file: relative ones resolve against its directory, and the file must be there. */
final class FleetPaths {
    private FleetPaths() {
    }

    static Path existingFile(Path baseDir, String text, KeyPath path, String what, Problems problems) {
        Path resolved;
        try {
            resolved = baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw problems.at(path, problems.shown(path, text) + " is not a path");
        }
        if (!Files.exists(resolved)) {
            throw problems.at(path, resolved + " does not exist");
        }
        if (!Files.isRegularFile(resolved)) {
            throw problems.at(path, resolved + " is not a file (expected " + what + ")");
        }
        return resolved;
    }
}
