package io.qfleet.agent.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Whether the cert file lists the leaf first and then each certificate's issuer, as QuestDB sends
 * it to clients: certificate n must name certificate n+1 as its issuer and carry its signature.
 * The file may stop before the root. Reports the first break, and where the issuer is instead.
 */
final class ChainCheck {
    private static final String ORDER = "list the leaf first, then each certificate's issuer";

    private ChainCheck() {
    }

    static Optional<TlsProblem> check(TlsMaterial material) {
        List<X509Certificate> chain = material.chain();
        String file = "cert file " + material.certFile() + ": ";
        if (chain.size() > 1 && isCa(chain.get(0))) {
            for (int i = 1; i < chain.size(); i++) {
                if (!isCa(chain.get(i))) {
                    return problem(file + "certificate 1 " + CertificateLabel.of(chain.get(0)) + " is a CA and certificate "
                            + (i + 1) + " " + CertificateLabel.of(chain.get(i)) + " is not: " + ORDER);
                }
            }
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            if (signedBy(certificate, chain.get(i + 1))) {
                continue;
            }
            String broken = file + "certificate " + (i + 1) + " " + CertificateLabel.of(certificate)
                    + " is not signed by certificate " + (i + 2) + " " + CertificateLabel.of(chain.get(i + 1));
            for (int j = 0; j < chain.size(); j++) {
                if (j != i && signedBy(certificate, chain.get(j))) {
                    return problem(broken + " but by certificate " + (j + 1) + ": " + ORDER);
                }
            }
            return problem(broken + ", nor by any other in the file: " + ORDER + " (a chain of another leaf?)");
        }
        return Optional.empty();
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isCa(X509Certificate certificate) {
        return certificate.getBasicConstraints() >= 0;
    }

    private static Optional<TlsProblem> problem(String message) {
        return Optional.of(new TlsProblem(TlsProblem.Check.CHAIN_ORDER, message));
    }
}
