package io.qfleet.coordinator.pki;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM in and out: certificates as BEGIN CERTIFICATE, keys as unencrypted PKCS#8 (BEGIN PRIVATE KEY),
 * the form gRPC's Netty TLS reads. Messages name the file, never its content.
 */
public final class PemText {
    private PemText() {
    }

    public static byte[] certificate(X509Certificate certificate) {
        return pem(certificate);
    }

    public static byte[] privateKey(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode a " + key.getAlgorithm() + " key", e);
        }
    }

    public static X509Certificate readCertificate(Path file) {
        Object object = readFirst(file);
        if (!(object instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException(file + " holds no PEM certificate (expected BEGIN CERTIFICATE)");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " holds a certificate the JDK cannot read");
        }
    }

    public static PrivateKey readPrivateKey(Path file) {
        Object object = readFirst(file);
        PrivateKeyInfo info = object instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                : object instanceof PrivateKeyInfo plain ? plain : null;
        if (info == null) {
            throw new IllegalArgumentException(file + " holds no unencrypted private key (expected BEGIN PRIVATE KEY)");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " holds a private key the JDK cannot read");
        }
    }

    private static Object readFirst(Path file) {
        try (PEMParser parser = new PEMParser(new InputStreamReader(Files.newInputStream(file), US_ASCII))) {
            return parser.readObject();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not valid PEM");
        }
    }

    private static byte[] pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PEM", e);
        }
        return text.toString().getBytes(US_ASCII);
    }
}
