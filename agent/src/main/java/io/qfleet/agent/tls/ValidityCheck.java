package io.qfleet.agent.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether every certificate of the chain is valid now and stays valid for the window the caller
 * gives (a rotation's lead time): an expired intermediate breaks clients as surely as the leaf.
 */
final class ValidityCheck {
    private ValidityCheck() {
    }

    static List<TlsProblem> check(TlsMaterial material, Instant now, Duration window) {
        List<TlsProblem> problems = new ArrayList<>();
        List<X509Certificate> chain = material.chain();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            String name = (i == 0 ? "leaf certificate " : "certificate " + (i + 1) + " of " + chain.size() + " ")
                    + CertificateLabel.of(certificate);
            Instant notBefore = certificate.getNotBefore().toInstant();
            Instant notAfter = certificate.getNotAfter().toInstant();
            if (now.isBefore(notBefore)) {
                problems.add(new TlsProblem(TlsProblem.Check.NOT_YET_VALID, name + " is not valid before " + notBefore
                        + " (now " + now.truncatedTo(ChronoUnit.SECONDS) + ")"));
            }
            if (now.isAfter(notAfter)) {
                problems.add(new TlsProblem(TlsProblem.Check.EXPIRED, name + " expired on " + notAfter
                        + " (now " + now.truncatedTo(ChronoUnit.SECONDS) + ")"));
            } else if (now.plus(window).isAfter(notAfter)) {
                problems.add(new TlsProblem(TlsProblem.Check.EXPIRING, name + " expires on " + notAfter + ", in "
                        + describe(Duration.between(now, notAfter)) + ", within the " + describe(window) + " window"));
            }
        }
        return problems;
    }

    static String describe(Duration duration) {
        if (duration.toDays() >= 1) {
            return duration.toDays() + (duration.toDays() == 1 ? " day" : " days")
                    + (duration.toHoursPart() > 0 ? " " + duration.toHoursPart() + " h" : "");
        }
        if (duration.toHours() >= 1) {
            return duration.toHours() + " h " + duration.toMinutesPart() + " min";
        }
        return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
    }
}
