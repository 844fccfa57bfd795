package io.qfleet.coordinator.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;

/** The key types {@code qfleet pki} makes: EC P-256 (small, fast, the default) or RSA 3072. */
public enum KeyAlgorithm {
    EC, RSA;

    KeyPair generate() {
        try {
            if (this == EC) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a " + this + " key", e);
        }
    }

    /** The signature a CA with this key signs with. */
    static String signatureAlgorithm(PrivateKey signer) {
        return signer.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    }
}
