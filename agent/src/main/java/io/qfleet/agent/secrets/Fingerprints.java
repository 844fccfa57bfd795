package io.qfleet.agent.secrets;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.tls.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 fingerprints of secrets, keyed by 32 random bytes kept in {@code <state_dir>/fingerprint.key}
 * (0600), so a stored fingerprint stays comparable across agent restarts but tells nothing about a
 * weak password without that key. Until {@link #useKeyFile} runs (in-process tests) the key is
 * random per JVM.
 */
public final class Fingerprints {
    static final String KEY_FILE = "fingerprint.key";
    private static final int KEY_BYTES = 32;
    private static volatile byte[] key = random();

    private Fingerprints() {
    }

    /** Loads the key from {@code stateDir}, creating it on first use. */
    public static void useKeyFile(Path stateDir) {
        Path file = stateDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                PosixFileAttributes dir = Files.readAttributes(stateDir, PosixFileAttributes.class);
                PrivateFiles.write(file, random(), PosixFilePermissions.fromString("rw-------"), dir.owner(), dir.group());
            }
            byte[] loaded = Files.readAllBytes(file);
            if (loaded.length != KEY_BYTES) {
                throw AgentException.failedPrecondition("fingerprint_key_invalid", file + " holds " + loaded.length
                        + " bytes, expected " + KEY_BYTES + "; delete it and restart the agent");
            }
            key = loaded;
        } catch (IOException e) {
            throw AgentException.internal("fingerprint_key_unreadable", "cannot read or create " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    static String of(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] random() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
