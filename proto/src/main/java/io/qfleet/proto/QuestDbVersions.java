package io.qfleet.proto;

/**
 * QuestDB version strings ("9.2.2", "3.1.1", "9.3.0-SNAPSHOT") in order: the one ordering the coordinator's
 * preflight and the agent's stage step both hold a migration to (forward only), so it lives with their contract.
 */
public final class QuestDbVersions {
    private QuestDbVersions() {}

    /**
     * {@code a} before {@code b} by their leading dot-separated numbers, a missing one read as 0 ("9.3" before
     * "9.3.1", "9.2.9" before "9.2.10"); false when either has a part that is not a number before they differ.
     */
    public static boolean older(String a, String b) {
        String[] x = a.split("-", 2)[0].split("\\.");
        String[] y = b.split("-", 2)[0].split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            if (!p.matches("\\d{1,9}") || !q.matches("\\d{1,9}")) {
                return false;
            }
            int order = Integer.compare(Integer.parseInt(p), Integer.parseInt(q));
            if (order != 0) {
                return order < 0;
            }
        }
        return false;
    }
}
