package io.qfleet.agent.testing;

import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The sample {@code packaging/conf/agent.yaml} the .deb installs, loaded by the real loader. Its TLS
 * files and token live under {@code /etc/qfleet/tls/} on a host; here they are placeholders (0600)
 * under a temporary dir, since the loader checks that they exist and are private, not what they hold.
 */
public final class PackagedSettings {
    public static final Path SAMPLE = Path.of("..", "packaging", "conf", "agent.yaml");
    private static final String TLS_DIR = "/etc/qfleet/tls/";

    private PackagedSettings() {}

    public static AgentSettings load(Path tmp) throws IOException {
        return load(tmp, UnaryOperator.identity());
    }

    /** With {@code edit} applied to the sample's text first (e.g. to switch to run: systemd). */
    public static AgentSettings load(Path tmp, UnaryOperator<String> edit) throws IOException {
        Path tls = Files.createDirectories(tmp.resolve("tls"));
        for (String name : List.of("agent.crt", "agent.key", "ca.crt", "token")) {
            Path file = Files.writeString(tls.resolve(name), "placeholder\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        String text = edit.apply(Files.readString(SAMPLE));
        if (!text.contains(TLS_DIR)) {
            throw new AssertionError(SAMPLE + " names no file under " + TLS_DIR);
        }
        return SettingsLoader.load(Files.writeString(tmp.resolve("agent.yaml"), text.replace(TLS_DIR, tls + "/")));
    }

    /** The sample switched to {@code run: systemd} with {@code unit: questdb.service}, as its comments describe. */
    public static String systemdMode(String sample) {
        String edited = sample.replaceFirst("(?m)^  run: direct .*$", "  run: systemd\n  unit: questdb.service")
                .replaceFirst("(?m)^  jvm_args: .*\\n", "");
        if (edited.equals(sample)) {
            throw new AssertionError("no 'run: direct' line in " + SAMPLE);
        }
        return edited;
    }
}
