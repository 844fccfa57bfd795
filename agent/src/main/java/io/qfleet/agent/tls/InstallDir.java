package io.qfleet.agent.tls;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The directory TLS files go into, proven to lie inside the allowed root both as written (after
 * removing {@code ..}) and once symlinks are resolved, checked before anything is created there.
 */
final class InstallDir {
    private InstallDir() {
    }

    static Path prepare(Path allowedRoot, Path targetDir) {
        if (!targetDir.isAbsolute()) {
            throw AgentException.invalidArgument("path_not_allowed", "target dir " + shown(targetDir) + " is not absolute");
        }
        Path dir = targetDir.normalize();
        if (!dir.startsWith(allowedRoot)) {
            throw notAllowed(targetDir, allowedRoot);
        }
        Path realRoot = realRoot(allowedRoot);
        Path existing = dir;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS) && !existing.equals(allowedRoot)) {
            existing = existing.getParent();
        }
        requireInside(existing, realRoot, targetDir, allowedRoot);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw AgentException.internal("tls_install_failed", "cannot create target dir " + dir + ": "
                    + e.getClass().getSimpleName(), e);
        }
        return requireInside(dir, realRoot, targetDir, allowedRoot);
    }

    private static Path requireInside(Path path, Path realRoot, Path targetDir, Path allowedRoot) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw AgentException.invalidArgument("path_not_allowed", "target dir " + shown(targetDir)
                    + " cannot be resolved: " + e.getClass().getSimpleName());
        }
        if (!real.startsWith(realRoot)) {
            throw notAllowed(targetDir, allowedRoot);
        }
        if (!Files.isDirectory(real)) {
            throw AgentException.invalidArgument("path_not_allowed", "target dir " + shown(targetDir) + " is not a directory");
        }
        return real;
    }

    private static Path realRoot(Path allowedRoot) {
        try {
            return allowedRoot.toRealPath();
        } catch (IOException e) {
            throw AgentException.failedPrecondition("tls_root_missing", "allowed root for TLS files " + allowedRoot
                    + " does not exist");
        }
    }

    private static AgentException notAllowed(Path targetDir, Path allowedRoot) {
        return AgentException.invalidArgument("path_not_allowed", "target dir " + shown(targetDir)
                + " is outside " + allowedRoot + "; the agent writes TLS files only there");
    }

    private static String shown(Path path) {
        return CertificateLabel.oneLine(path.toString());
    }
}
