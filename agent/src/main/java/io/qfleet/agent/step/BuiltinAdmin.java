package io.qfleet.agent.step;

import io.qfleet.agent.secrets.PgCredentials;
import io.qfleet.agent.serverconf.ServerConf;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * QuestDB Enterprise's built-in admin ({@code acl.admin.user}, default {@code admin}), whose
 * well-known default password {@code quest} qfleet never lets serve: it is overridden with a random
 * one that only the agent knows (its credentials file), until the operator's admins replace it.
 */
public final class BuiltinAdmin {
    static final String USER_KEY = "acl.admin.user";
    static final String PASSWORD_KEY = "acl.admin.password";
    public static final String ENABLED_KEY = "acl.admin.user.enabled";
    private static final String DEFAULT_USER = "admin";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BuiltinAdmin() {
    }

    /** A fresh override: the built-in user as configured, a random password (URL-safe base64, safe in conf and SQL). */
    static PgCredentials.Login newOverride(QuestDbHost host) {
        return newOverride(user(host));
    }

    static PgCredentials.Login newOverride(String user) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return new PgCredentials.Login(user, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    static Map<String, String> overrideKeys(PgCredentials.Login login) {
        return Map.of(PASSWORD_KEY, login.password());
    }

    /** QuestDB reads booleans case-insensitively; so does this. */
    static boolean disabled(QuestDbHost host) {
        return ServerConf.read(host.confFile()).get(ENABLED_KEY).map(v -> v.strip().equalsIgnoreCase("false")).orElse(false);
    }

    static String user(QuestDbHost host) {
        return ServerConf.read(host.confFile()).get(USER_KEY).map(String::strip).filter(u -> !u.isEmpty()).orElse(DEFAULT_USER);
    }
}
