package io.qfleet.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An {@code agent.yaml} for an agent that only needs to start: every directory under {@code dir}, by default plaintext on loopback port 0. */
public final class ThrowawaySettings {
    private ThrowawaySettings() {}

    public static Path write(Path dir) throws IOException {
        return write(dir, "127.0.0.1:0", "plaintext: true");
    }

    /** @param access the {@code plaintext} line, or the {@code tls} and {@code token_file} lines */
    public static Path write(Path dir, String listen, String access) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), String.join("\n",
                "listen: " + listen,
                access,
                "state_dir: " + dir.resolve("state"),
                "staging_dir: " + dir.resolve("staging"),
                "backup_dir: " + dir.resolve("backups"),
                "questdb:",
                "  root: " + dir.resolve("questdb-root"),
                "  install_dir: " + dir.resolve("questdb-install"),
                ""));
    }
}
