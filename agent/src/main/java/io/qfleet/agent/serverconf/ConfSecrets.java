package io.qfleet.agent.serverconf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Redacts server conf values for logs, diffs and messages. A key naming a password, secret, token or
 * credential hides its whole value ({@code pg.password}, {@code acl.admin.password},
 * {@code acl.oidc.tls.keystore.password}). Connection strings in QuestDB's {@code scheme::k=v;k=v;}
 * form ({@code replication.object.store}, {@code backup.object.store}, ILP client strings) keep their
 * shape and hide only the secret parts: {@code secret_access_key}, {@code account_key},
 * {@code credential}, {@code token}, {@code password} and any other part name holding {@code key}
 * (QUESTDB.md section 6, "Replication").
 */
public final class ConfSecrets {
    public static final String REDACTED = "***";
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "credential");

    private ConfSecrets() {
    }

    /** True when every value of {@code key} is secret. */
    public static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    /** The value as it may be shown for {@code key}. */
    public static String redact(String key, String value) {
        if (value.isEmpty()) {
            return value;
        }
        if (isSecretKey(key)) {
            return REDACTED;
        }
        int scheme = value.indexOf("::");
        if (scheme <= 0 || !value.substring(0, scheme).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            return value;
        }
        return value.substring(0, scheme + 2) + redactParts(value.substring(scheme + 2));
    }

    /**
     * A part without {@code =} is hidden whole: it is not a name, so it may be a secret pasted
     * without its key or split off at a stray {@code ;}.
     */
    private static String redactParts(String parts) {
        List<String> split = parts(parts);
        StringBuilder out = new StringBuilder(parts.length());
        for (int i = 0; i < split.size(); i++) {
            String part = split.get(i);
            int eq = part.indexOf('=');
            if (eq > 0 && isSecretPart(part.substring(0, eq))) {
                out.append(part, 0, eq + 1).append(REDACTED);
            } else if (eq <= 0 && !part.isBlank()) {
                out.append(REDACTED);
            } else {
                out.append(part);
            }
            if (i < split.size() - 1) {
                out.append(';');
            }
        }
        return out.toString();
    }

    /**
     * The {@code k=v} parts after {@code scheme::}, as written: split at each {@code ;} but not at
     * {@code ;;}, QuestDB's escape for a {@code ;} inside a value. A trailing {@code ;} gives an empty
     * last part.
     */
    public static List<String> parts(String parts) {
        List<String> split = new ArrayList<>();
        int start = 0;
        while (start <= parts.length()) {
            int end = partEnd(parts, start);
            split.add(parts.substring(start, end));
            start = end + 1;
        }
        return split;
    }

    /** The index of the {@code ;} ending the part at {@code start}; {@code ;;} is an escaped {@code ;} inside a value. */
    private static int partEnd(String parts, int start) {
        int i = start;
        while (i < parts.length()) {
            if (parts.charAt(i) == ';') {
                if (i + 1 < parts.length() && parts.charAt(i + 1) == ';') {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return parts.length();
    }

    private static boolean isSecretPart(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.contains("key") || SECRET_WORDS.stream().anyMatch(lower::contains);
    }
}
