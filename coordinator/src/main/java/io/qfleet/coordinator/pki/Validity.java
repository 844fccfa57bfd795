package io.qfleet.coordinator.pki;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** When a certificate is valid. Starts an hour early, so a host whose clock lags still accepts it. */
public record Validity(Instant notBefore, Instant notAfter) {
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    public Validity {
        requireNonNull(notBefore, "notBefore");
        requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter: " + notAfter + " (expected: after notBefore " + notBefore + ")");
        }
    }

    public static Validity days(Instant now, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days: " + days + " (expected: >= 1)");
        }
        return new Validity(now.minus(CLOCK_SKEW), now.plus(Duration.ofDays(days)));
    }
}
