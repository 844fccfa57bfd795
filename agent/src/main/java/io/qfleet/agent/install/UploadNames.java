package io.qfleet.agent.install;

import io.qfleet.agent.AgentException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** What an upload may be called: its SHA-256 and file name end up in file names in the store. */
final class UploadNames {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> EXTENSIONS = List.of(".tar.gz", ".tgz", ".tar.zst", ".tar", ".manifest.json");
    /** 255-byte file name limit minus the "<sha256>-" prefix, with room to spare. */
    private static final int MAX_NAME_BYTES = 180;

    private UploadNames() {
    }

    static void requireSha256(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw AgentException.invalidArgument("bad_sha256",
                    "sha256: " + Quote.of(sha256) + " (expected: 64 lower-case hex digits)");
        }
    }

    static void requireFileName(String fileName) {
        if (!isPlainBaseName(fileName) || EXTENSIONS.stream().noneMatch(fileName::endsWith)) {
            throw AgentException.invalidArgument("bad_file_name", "file name: " + Quote.of(fileName)
                    + " (expected: a base name without '/' or '..', ending in " + String.join(", ", EXTENSIONS) + ")");
        }
    }

    private static boolean isPlainBaseName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")
                || name.contains("..") || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return false;
        }
        return name.chars().noneMatch(Character::isISOControl);
    }
}
