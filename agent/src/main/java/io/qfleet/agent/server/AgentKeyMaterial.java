package io.qfleet.agent.server;

import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's own certificate chain and key ({@code tls.cert}, {@code tls.key}), read with the JDK
 * alone. Netty's file-based builders would parse the key with BouncyCastle when it is on the class
 * path and register its JCA provider: ~700 classes and ~13 MB of idle RSS for one PKCS#8 block
 * (README "Footprint"). Messages name the file and never quote it.
 */
public record AgentKeyMaterial(PrivateKey key, X509Certificate[] chain) {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    public static AgentKeyMaterial read(AgentSettings.Tls tls) {
        X509Certificate[] chain = chain(tls.cert());
        PrivateKey key = key(tls.key(), chain[0].getPublicKey().getAlgorithm());
        if (!signsFor(key, chain[0])) {
            // Caught here, not at the first handshake: the agent would serve and refuse every coordinator.
            throw new SettingsException("tls.key: " + tls.key() + " is not the key of tls.cert's certificate " + tls.cert()
                    + "; install the pair qfleet pki issue-agent HOST wrote together");
        }
        return new AgentKeyMaterial(key, chain);
    }

    public X509Certificate leaf() {
        return chain[0];
    }

    /** A signature made with the key verifies with the certificate's public key. */
    private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA sign without a separate digest
        };
        byte[] challenge = "qfleet-agent key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate[] chain(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (!chain.isEmpty()) {
                return chain.toArray(X509Certificate[]::new);
            }
        } catch (IOException | CertificateException e) {
            // named below, without the parser's message: it may echo what it read
        }
        throw new SettingsException("tls.cert: " + file + ": not a PEM certificate chain (BEGIN CERTIFICATE blocks, leaf first);"
                + " issue one with qfleet pki issue-agent HOST");
    }

    /** The key's algorithm is the certificate's: a PKCS#8 block does not say it in a form KeyFactory takes. */
    private static PrivateKey key(Path file, String algorithm) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SettingsException("tls.key: " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        Matcher block = PKCS8.matcher(text);
        try {
            if (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(1));
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SettingsException("tls.key: " + file + ": not an unencrypted PKCS#8 " + algorithm
                    + " key, or not the key of tls.cert's certificate; issue both with qfleet pki issue-agent HOST");
        }
        throw new SettingsException("tls.key: " + file + ": no BEGIN PRIVATE KEY block (an unencrypted PKCS#8 key);"
                + " issue one with qfleet pki issue-agent HOST");
    }
}
