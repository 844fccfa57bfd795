package io.qfleet.coordinator.pki;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA: a self-signed certificate that may sign leaves only (path length 0), and the leaf
 * certificates it issues. Agents trust it for client certificates ({@code tls.client_ca}) and the
 * coordinator trusts it for agent certificates ({@code agents.ca}).
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Issued ca;

    private CertificateAuthority(Issued ca) {
        this.ca = ca;
    }

    public static CertificateAuthority create(String commonName, KeyAlgorithm algorithm, Validity validity) {
        requireNonNull(commonName, "commonName");
        KeyPair keys = algorithm.generate();
        X500Principal subject = principal(commonName);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, keys.getPublic());
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(new Issued(sign(builder, keys.getPrivate()), keys.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    /** The CA read back from its files; refuses a key that is not the certificate's or a certificate that is no CA. */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey key) {
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the certificate " + certificate.getSubjectX500Principal().getName()
                    + " is not a CA certificate (basic constraints CA:false)");
        }
        if (!keyMatches(certificate.getPublicKey(), key)) {
            throw new IllegalArgumentException("the CA key is not the key of the CA certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
        return new CertificateAuthority(new Issued(certificate, key));
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    public Issued issued() {
        return ca;
    }

    /** A new key pair and a certificate for it, signed by this CA. */
    public Issued issue(LeafRequest request) {
        KeyPair keys = request.keyAlgorithm().generate();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate().getSubjectX500Principal(), serial(),
                    Date.from(request.validity().notBefore()), Date.from(request.validity().notAfter()),
                    principal(request.commonName()), keys.getPublic());
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            // RSA key exchange in TLS 1.2 also needs keyEncipherment; EC keys only sign.
            int usage = keys.getPublic().getAlgorithm().equals("RSA")
                    ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    request.purpose() == LeafRequest.Purpose.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            List<GeneralName> names = new ArrayList<>();
            request.dnsNames().forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
            request.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(ca.certificate()));
            return new Issued(sign(builder, ca.key()), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the certificate for " + request.commonName(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithm(signer)).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("no signer for a " + signer.getAlgorithm() + " key", e);
        }
    }

    /** Built by BouncyCastle so a name with commas or quotes is escaped, never parsed as more attributes. */
    private static X500Principal principal(String commonName) {
        try {
            return new X500Principal(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build().getEncoded());
        } catch (IOException e) {
            throw new IllegalArgumentException("common name: '" + commonName + "' cannot be encoded", e);
        }
    }

    /** 159 random bits: positive, at most 20 bytes (RFC 5280), never reused in practice. */
    private static BigInteger serial() {
        return new BigInteger(159, RANDOM);
    }

    private static boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
        try {
            byte[] probe = "qfleet key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            String algorithm = KeyAlgorithm.signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
