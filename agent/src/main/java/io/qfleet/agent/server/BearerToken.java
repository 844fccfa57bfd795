package io.qfleet.agent.server;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.qfleet.agent.settings.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * The bearer token every call must carry, read once at start from {@code token_file} (whose mode
 * the settings loader checked). Never printed: {@link #toString()} hides it and messages name only
 * the file.
 */
public final class BearerToken {
    /** 128 bits as base64 or hex; {@code qfleet pki token} writes 256 bits (43 characters). */
    static final int MIN_LENGTH = 22;
    /** HTTP/2 header value characters without spaces: what fits {@code authorization: Bearer <token>}. */
    private static final Pattern TOKEN_CHARS = Pattern.compile("[\\x21-\\x7e]+");
    private static final int MAX_BYTES = 4096;

    private final byte[] token;

    private BearerToken(byte[] token) {
        this.token = token;
    }

    public static BearerToken read(Path tokenFile) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(tokenFile)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new SettingsException("token_file: cannot read " + tokenFile + " (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new SettingsException("token_file: " + tokenFile + " is larger than " + MAX_BYTES + " bytes; not a token file");
        }
        String text = new String(bytes, US_ASCII).strip(); // one trailing line break, as editors leave it
        if (!TOKEN_CHARS.matcher(text).matches() || text.length() < MIN_LENGTH) {
            throw new SettingsException("token_file: " + tokenFile + " does not hold one token of at least " + MIN_LENGTH
                    + " printable characters without spaces (make one with `qfleet pki token`)");
        }
        return new BearerToken(text.getBytes(US_ASCII));
    }

    /** Constant time in the presented token's content, so response timing does not reveal a matching prefix. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(token, presented.getBytes(US_ASCII));
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }
}
