package io.qfleet.agent.tls;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain and its private key, as QuestDB's {@code tls.cert.path} (full chain, leaf
 * first) and {@code tls.private.key.path} (one unencrypted key) expect them, with the files they
 * came from. Loading proves only that both files parse; {@link TlsChecks} proves they fit together.
 * {@link #toString()} never shows the key.
 */
public final class TlsMaterial {
    private final Path certFile;
    private final Path keyFile;
    private final List<X509Certificate> chain;
    private final PemFiles.KeyBlock key;

    private TlsMaterial(Path certFile, Path keyFile, List<X509Certificate> chain, PemFiles.KeyBlock key) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    /**
     * Reads the chain (BEGIN CERTIFICATE blocks) and the key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or
     * EC PRIVATE KEY). INVALID_ARGUMENT {@code tls_unreadable} for a file missing, unreadable, not PEM
     * or without the expected block; {@code tls_key_encrypted} for an encrypted key;
     * {@code tls_key_in_cert_file} for a private key inside the cert file.
     */
    public static TlsMaterial load(Path certPem, Path keyPem) {
        requireNonNull(certPem, "certPem");
        requireNonNull(keyPem, "keyPem");
        Path certFile = certPem.toAbsolutePath().normalize();
        Path keyFile = keyPem.toAbsolutePath().normalize();
        return new TlsMaterial(certFile, keyFile, PemFiles.readChain(certFile), PemFiles.readPrivateKey(keyFile));
    }

    public Path certFile() {
        return certFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    /** The certificates in file order; never empty. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The first certificate of the file, the one QuestDB presents. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    public PrivateKey privateKey() {
        return key.key();
    }

    /** The key's PEM type as given: PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY. */
    String keyPemType() {
        return key.type();
    }

    /** A copy of the key block's DER as given; the caller zeroes it after use. */
    byte[] keyDer() {
        return key.der().clone();
    }

    @Override
    public String toString() {
        return "TlsMaterial[cert " + certFile + " (" + chain.size() + " certificates, leaf "
                + CertificateLabel.of(leaf()) + "), key " + keyFile + " (" + key.key().getAlgorithm() + ", " + key.type() + ")]";
    }
}
