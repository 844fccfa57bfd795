package io.qfleet.agent.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * Whether the key file's key belongs to the leaf certificate: same algorithm, same RSA public key
 * or EC curve, then the proof that settles it for every algorithm, a signature made with the
 * private key that verifies with the certificate's public key.
 */
final class KeyPairCheck {
    private static final byte[] CHALLENGE = "qfleet: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);

    private KeyPairCheck() {
    }

    static Optional<TlsProblem> check(TlsMaterial material) {
        X509Certificate leaf = material.leaf();
        PublicKey publicKey = leaf.getPublicKey();
        PrivateKey privateKey = material.privateKey();
        String prefix = "key file " + material.keyFile() + " does not belong to the leaf certificate " + CertificateLabel.of(leaf) + ": ";
        String certFamily = family(publicKey.getAlgorithm());
        String keyFamily = family(privateKey.getAlgorithm());
        if (!certFamily.equals(keyFamily)) {
            return mismatch(prefix + "the certificate holds an " + certFamily + " key, the key file an " + keyFamily + " key");
        }
        if (publicKey instanceof RSAPublicKey rsaPublic && privateKey instanceof RSAKey rsaPrivate) {
            boolean exponentDiffers = privateKey instanceof RSAPrivateCrtKey crt
                    && !crt.getPublicExponent().equals(rsaPublic.getPublicExponent());
            if (!rsaPublic.getModulus().equals(rsaPrivate.getModulus()) || exponentDiffers) {
                return mismatch(prefix + "their RSA public keys differ");
            }
        }
        if (publicKey instanceof ECKey ecPublic && privateKey instanceof ECKey ecPrivate
                && !sameCurve(ecPublic, ecPrivate)) {
            return mismatch(prefix + "their EC keys are on different curves");
        }
        String algorithm = signatureAlgorithm(certFamily);
        if (algorithm == null) {
            return mismatch(prefix + "key algorithm " + certFamily + " cannot be checked (expected RSA, EC or EdDSA)");
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(CHALLENGE);
            if (!verifier.verify(signature)) {
                return mismatch(prefix + "a signature made with the key does not verify with the certificate's public key");
            }
        } catch (GeneralSecurityException e) {
            return mismatch(prefix + "signing with the key failed (" + e.getClass().getSimpleName() + ")");
        }
        return Optional.empty();
    }

    private static Optional<TlsProblem> mismatch(String message) {
        return Optional.of(new TlsProblem(TlsProblem.Check.KEY_MISMATCH, message));
    }

    private static String family(String algorithm) {
        return switch (algorithm) {
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            case "ECDSA" -> "EC";
            default -> algorithm;
        };
    }

    private static String signatureAlgorithm(String family) {
        return switch (family) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA" -> "EdDSA";
            default -> null;
        };
    }

    private static boolean sameCurve(ECKey a, ECKey b) {
        return a.getParams().getCurve().equals(b.getParams().getCurve())
                && a.getParams().getOrder().equals(b.getParams().getOrder())
                && a.getParams().getGenerator().equals(b.getParams().getGenerator());
    }
}
