package io.qfleet.agent.tls;

import java.security.cert.X509Certificate;

/**
 * How messages name a certificate: its subject and serial, enough to find it, nothing secret. Text
 * from a certificate or a request is made one-line first, so a crafted CN cannot forge log lines.
 */
final class CertificateLabel {
    private static final int MAX_CHARS = 200;

    private CertificateLabel() {
    }

    static String of(X509Certificate certificate) {
        return "'" + oneLine(certificate.getSubjectX500Principal().getName()) + "' serial 0x"
                + certificate.getSerialNumber().toString(16);
    }

    /** Control characters replaced by '?', cut after 200 characters. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 3);
        for (int i = 0; i < text.length() && i < MAX_CHARS; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return text.length() > MAX_CHARS ? out.append("...").toString() : out.toString();
    }
}
