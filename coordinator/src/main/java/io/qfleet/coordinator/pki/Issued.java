package io.qfleet.coordinator.pki;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate and its private key. {@link #toString()} never shows the key. */
public record Issued(X509Certificate certificate, PrivateKey key) {
    public Issued {
        requireNonNull(certificate, "certificate");
        requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "Issued[" + certificate.getSubjectX500Principal().getName() + ", " + key.getAlgorithm() + " key]";
    }
}
