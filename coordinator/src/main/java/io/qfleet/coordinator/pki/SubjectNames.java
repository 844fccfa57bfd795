package io.qfleet.coordinator.pki;

import java.util.regex.Pattern;
import org.bouncycastle.util.IPAddress;

/** What may go into a subject alternative name, checked without any DNS lookup. */
public final class SubjectNames {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private SubjectNames() {
    }

    /** An IPv4 or IPv6 address literal. */
    public static boolean isIpAddress(String text) {
        return IPAddress.isValid(text);
    }

    /** A host name of letters, digits and hyphens in dot-separated labels, at most 253 characters. */
    public static boolean isDnsName(String text) {
        if (text.isEmpty() || text.length() > 253) {
            return false;
        }
        for (String label : text.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
