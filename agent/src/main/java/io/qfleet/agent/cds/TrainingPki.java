package io.qfleet.agent.cds;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway TLS material for the training agent, so the archive holds what an mTLS start loads (the
 * agent always serves TLS in production): a self-signed EC certificate for 127.0.0.1, which is also
 * the client CA and the certificate the training calls present, its PKCS#8 key and a token, both
 * 0600. Made in this JVM, so BouncyCastle's classes stay out of the agent's class list.
 */
public record TrainingPki(Path cert, Path key, Path token) {
    public static TrainingPki write(Path dir) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Principal name = new X500Principal("CN=qfleet-agent CDS training");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            byte[] token = new byte[32];
            new SecureRandom().nextBytes(token);
            return new TrainingPki(
                    Files.writeString(dir.resolve("agent.crt"), pem("CERTIFICATE", certificate.getEncoded())),
                    ownerOnly(dir.resolve("agent.key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded())),
                    ownerOnly(dir.resolve("token"), HexFormat.of().formatHex(token)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the training agent's certificate: " + e.getMessage(), e);
        }
    }

    /** The {@code tls} and {@code token_file} lines of an {@code agent.yaml}. */
    public String settingsLines() {
        return String.join("\n", "tls:", "  cert: " + cert, "  key: " + key, "  client_ca: " + cert, "token_file: " + token);
    }

    /** A coordinator's channel to the agent: mTLS with the agent's own certificate, and the token on every call. */
    public ManagedChannel channel(String host, int port) throws IOException {
        Metadata bearer = new Metadata();
        bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + Files.readString(token));
        return NettyChannelBuilder.forAddress(host, port)
                .sslContext(GrpcSslContexts.forClient().keyManager(cert.toFile(), key.toFile()).trustManager(cert.toFile()).build())
                .intercept(MetadataUtils.newAttachHeadersInterceptor(bearer))
                .build();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Path ownerOnly(Path file, String text) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
