package io.qfleet.agent.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Certificates and PEM files made in the test with BouncyCastle: a CA, intermediates, leaves (public for the step tests). */
public final class TestPki {
    public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    /** Only to encrypt test keys (OpenSSL's key derivation is not in the JDK); never registered. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(0x1000);
    private static KeyPair rsaCa;
    private static KeyPair rsaLeaf;

    private TestPki() {
    }

    /** A certificate and its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        public PrivateKey privateKey() {
            return keys.getPrivate();
        }
    }

    /** The key forms QuestDB reads, and the encrypted ones it does not. */
    enum KeyForm {
        PKCS8, TRADITIONAL, ENCRYPTED_PKCS8, ENCRYPTED_TRADITIONAL
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RSA keys are slow to make: one for CAs and one for leaves, shared by every test. */
    static synchronized KeyPair rsaCa() {
        if (rsaCa == null) {
            rsaCa = rsa();
        }
        return rsaCa;
    }

    static synchronized KeyPair rsaLeaf() {
        if (rsaLeaf == null) {
            rsaLeaf = rsa();
        }
        return rsaLeaf;
    }

    public static Builder cert(String subject) {
        return new Builder(subject);
    }

    /** Root (RSA) -> intermediate (EC) -> leaf (EC, serverAuth) for db1.example.com and 127.0.0.1, valid around {@link #NOW}. */
    static List<Issued> chain() {
        Issued root = cert("CN=qfleet test root").ca().keys(rsaCa()).selfSigned();
        Issued intermediate = cert("CN=qfleet test intermediate").ca().issuedBy(root);
        Issued leaf = cert("CN=db1.example.com").dns("db1.example.com").ip("127.0.0.1").serverAuth().issuedBy(intermediate);
        return List.of(leaf, intermediate, root);
    }

    public static final class Builder {
        private final String subject;
        private KeyPair keys;
        private Instant notBefore = NOW.minusSeconds(86_400L * 30);
        private Instant notAfter = NOW.plusSeconds(86_400L * 365);
        private boolean ca;
        private final List<GeneralName> names = new ArrayList<>();
        private final List<KeyPurposeId> purposes = new ArrayList<>();
        private Integer keyUsage;

        private Builder(String subject) {
            this.subject = subject;
        }

        Builder keys(KeyPair value) {
            keys = value;
            return this;
        }

        public Builder validity(Instant from, Instant until) {
            notBefore = from;
            notAfter = until;
            return this;
        }

        Builder ca() {
            ca = true;
            return this;
        }

        public Builder dns(String name) {
            names.add(new GeneralName(GeneralName.dNSName, name));
            return this;
        }

        Builder ip(String address) {
            names.add(new GeneralName(GeneralName.iPAddress, address));
            return this;
        }

        public Builder serverAuth() {
            return purpose(KeyPurposeId.id_kp_serverAuth);
        }

        Builder purpose(KeyPurposeId purpose) {
            purposes.add(purpose);
            return this;
        }

        Builder keyUsage(int bits) {
            keyUsage = bits;
            return this;
        }

        public Issued selfSigned() {
            KeyPair own = keys != null ? keys : ec();
            return build(new X500Principal(subject), own, own);
        }

        Issued issuedBy(Issued issuer) {
            return build(issuer.certificate().getSubjectX500Principal(), keys != null ? keys : ec(), issuer.keys());
        }

        private Issued build(X500Principal issuer, KeyPair own, KeyPair signer) {
            try {
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                        Date.from(notBefore), Date.from(notAfter), new X500Principal(subject), own.getPublic());
                builder.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(true) : new BasicConstraints(false));
                if (ca) {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                } else if (keyUsage != null) {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                if (!names.isEmpty()) {
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
                }
                if (!purposes.isEmpty()) {
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
                }
                String algorithm = signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                X509Certificate certificate = new JcaX509CertificateConverter()
                        .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
                return new Issued(certificate, own);
            } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static Path writeChain(Path file, Issued... certificates) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Issued issued : certificates) {
                writer.writeObject(issued.certificate());
            }
        }
        return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    static Path writeChain(Path file, List<Issued> certificates) throws IOException {
        return writeChain(file, certificates.toArray(Issued[]::new));
    }

    /** PKCS8 is BEGIN PRIVATE KEY; TRADITIONAL is BEGIN RSA PRIVATE KEY (PKCS#1) or BEGIN EC PRIVATE KEY (SEC1). */
    static Path writeKey(Path file, PrivateKey key, KeyForm form) throws IOException {
        char[] password = "correct horse".toCharArray();
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            switch (form) {
                case PKCS8 -> writer.writeObject(new JcaPKCS8Generator(key, null));
                case TRADITIONAL -> writer.writeObject(new JcaMiscPEMGenerator(traditional(key)));
                case ENCRYPTED_PKCS8 -> writer.writeObject(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(
                        PKCS8Generator.AES_256_CBC).setProvider(BC).setPassword(password).build()));
                case ENCRYPTED_TRADITIONAL -> writer.writeObject(new JcaMiscPEMGenerator(traditional(key),
                        new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(password)));
            }
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
        return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    /**
     * PKCS#1 for RSA; for EC, SEC1 as OpenSSL writes it, with the curve inside: the JDK's own PKCS#8
     * encoding keeps the curve outside, so converting it as is would give a SEC1 key without one.
     */
    private static PrivateKeyInfo traditional(PrivateKey key) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        if (!(key instanceof ECPrivateKey ec)) {
            return info;
        }
        ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
        int bits = ec.getParams().getOrder().bitLength();
        return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), new org.bouncycastle.asn1.sec.ECPrivateKey(bits, ec.getS(), curve));
    }

    public static Path writeKey(Path file, PrivateKey key) throws IOException {
        return writeKey(file, key, KeyForm.PKCS8);
    }

    static String pem(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }

    /** The base64 lines between a file's BEGIN and END lines: what must never show in a message. */
    static List<String> base64Lines(Path pemFile) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(pemFile, StandardCharsets.US_ASCII)) {
            if (!line.startsWith("-----") && !line.contains(":") && line.length() >= 16) {
                lines.add(line);
            }
        }
        return lines;
    }
}
