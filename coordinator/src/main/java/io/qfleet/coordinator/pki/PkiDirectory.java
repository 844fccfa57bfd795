package io.qfleet.coordinator.pki;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One directory of {@code qfleet pki} files: {@code ca.crt}, {@code ca.key}, {@code agent-<host>.crt|key},
 * {@code client-<name>.crt|key}, {@code token}. Certificates are written 0644, keys and the token 0600.
 */
public record PkiDirectory(Path dir) {
    public PkiDirectory {
        requireNonNull(dir, "dir");
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    public Path caKey() {
        return dir.resolve("ca.key");
    }

    public Path agentCert(String host) {
        return dir.resolve("agent-" + host + ".crt");
    }

    public Path agentKey(String host) {
        return dir.resolve("agent-" + host + ".key");
    }

    public Path clientCert(String name) {
        return dir.resolve("client-" + name + ".crt");
    }

    public Path clientKey(String name) {
        return dir.resolve("client-" + name + ".key");
    }

    public Path token() {
        return dir.resolve("token");
    }

    /** Makes the CA and writes its two files; returns the CA. */
    public CertificateAuthority initCa(String commonName, KeyAlgorithm algorithm, Validity validity) {
        CertificateAuthority ca = CertificateAuthority.create(commonName, algorithm, validity);
        write(caCert(), caKey(), ca.issued());
        return ca;
    }

    /** The CA of {@link #initCa}, read back; a one-line IllegalArgumentException when it is missing or broken. */
    public CertificateAuthority ca() {
        if (!Files.exists(caCert()) || !Files.exists(caKey())) {
            throw new IllegalArgumentException("no CA in " + dir + " (expected ca.crt and ca.key; run qfleet pki init --dir "
                    + dir + " first)");
        }
        return CertificateAuthority.of(PemText.readCertificate(caCert()), PemText.readPrivateKey(caKey()));
    }

    /** Issues and writes a certificate and key; returns the two paths, certificate first. */
    public List<Path> write(Path certFile, Path keyFile, Issued issued) {
        // The key lands first: a certificate without its key is useless, a key without its certificate is harmless.
        PkiFiles.writePrivate(keyFile, PemText.privateKey(issued.key()));
        PkiFiles.writePublic(certFile, PemText.certificate(issued.certificate()));
        return List.of(certFile, keyFile);
    }

    /** A new random token in {@code token}; returns its path. */
    public Path newToken() {
        PkiFiles.writePrivate(token(), (BearerTokens.generate() + "\n").getBytes(US_ASCII));
        return token();
    }
}
