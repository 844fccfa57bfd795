package io.qfleet.coordinator.pki;

import java.security.SecureRandom;
import java.util.Base64;

/** New bearer tokens: 256 random bits, base64url without padding (43 characters, safe in a header). */
public final class BearerTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private BearerTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
