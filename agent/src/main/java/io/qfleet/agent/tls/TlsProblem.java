package io.qfleet.agent.tls;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/** One finding of {@link TlsChecks}: which check, and a one-line message naming the certificate or file. */
public record TlsProblem(Check check, String message) {
    public TlsProblem {
        requireNonNull(check, "check");
        requireNonNull(message, "message");
    }

    /** The checks; all but {@link #NAME_BY_CN_ONLY} block the install. */
    public enum Check {
        /** The private key is not the leaf certificate's. */
        KEY_MISMATCH,
        /** Not leaf first, then each certificate's issuer. */
        CHAIN_ORDER,
        /** A certificate of the chain is past its notAfter. */
        EXPIRED,
        /** A certificate of the chain is before its notBefore. */
        NOT_YET_VALID,
        /** A certificate of the chain expires within the window the caller gave. */
        EXPIRING,
        /** The leaf's names do not cover the host address clients connect to. */
        NAME_MISMATCH,
        /** Covered by the subject CN only (no SAN): libpq and pgjdbc accept it, browsers and most HTTP clients do not. */
        NAME_BY_CN_ONLY,
        /** The leaf's (extended) key usage does not allow a TLS server. */
        KEY_USAGE;

        /** Whether this finding stops the install; the others are warnings to report. */
        public boolean blocking() {
            return this != NAME_BY_CN_ONLY;
        }

        /** The snake_case name used in messages and on the wire, e.g. {@code key_mismatch}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean blocking() {
        return check.blocking();
    }

    @Override
    public String toString() {
        return check.id() + ": " + message;
    }
}
