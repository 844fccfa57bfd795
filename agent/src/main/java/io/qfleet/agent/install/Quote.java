package io.qfleet.agent.install;

/**
 * Names from a client or an archive, made safe for a one-line message: quoted, control
 * characters replaced, long names cut, so a hostile name cannot forge log lines.
 */
final class Quote {
    private static final int MAX_CHARS = 200;

    private Quote() {
    }

    static String of(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 5).append('\'');
        for (int i = 0; i < text.length() && i < MAX_CHARS; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX_CHARS) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** An exception's message for a one-line message, or its type when it has none. */
    static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
