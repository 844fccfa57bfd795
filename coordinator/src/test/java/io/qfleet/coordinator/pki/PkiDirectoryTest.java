package io.qfleet.coordinator.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiDirectoryTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    private PkiDirectory pki() {
        PkiDirectory pki = new PkiDirectory(dir.resolve("pki"));
        pki.initCa("test CA", KeyAlgorithm.EC, Validity.days(NOW, 3650));
        return pki;
    }

    @Test
    void theCaIsACaForLeavesOnlyAndItsKeyIsPrivate() throws Exception {
        PkiDirectory pki = pki();

        X509Certificate ca = PemText.readCertificate(pki.caCert());
        assertEquals(0, ca.getBasicConstraints(), "CA, path length 0: it signs leaves, never another CA");
        ca.verify(ca.getPublicKey());
        assertTrue(ca.getKeyUsage()[5], "keyCertSign");
        assertEquals("rw-------", mode(pki.caKey()));
        assertEquals("rw-r--r--", mode(pki.caCert()));
        assertEquals(pki.ca().certificate(), ca, "read back as written");
    }

    @Test
    void anAgentCertificateChainsToTheCaServesAndNamesItsAddresses() throws Exception {
        PkiDirectory pki = pki();
        LeafRequest request = new LeafRequest("db-1.example.com", LeafRequest.Purpose.SERVER, List.of("db-1.example.com"),
                List.of("10.0.0.5", "::1"), KeyAlgorithm.EC, Validity.days(NOW, 825));

        List<Path> files = pki.write(pki.agentCert("db-1.example.com"), pki.agentKey("db-1.example.com"), pki.ca().issue(request));

        X509Certificate leaf = PemText.readCertificate(files.get(0));
        validate(leaf, pki.ca().certificate());
        assertEquals(List.of(SERVER_AUTH), leaf.getExtendedKeyUsage());
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        assertEquals(Set.of(List.of(2, "db-1.example.com"), List.of(7, "10.0.0.5"), List.of(7, "0:0:0:0:0:0:0:1")),
                Set.copyOf(leaf.getSubjectAlternativeNames()));
        assertEquals(NOW.plusSeconds(825L * 86_400), leaf.getNotAfter().toInstant());
        assertEquals("rw-------", mode(files.get(1)));
        assertEquals("rw-r--r--", mode(files.get(0)));
        assertEquals(leaf.getPublicKey().getAlgorithm(), PemText.readPrivateKey(files.get(1)).getAlgorithm());
        assertTrue(Files.readString(files.get(1)).startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8, what Netty reads");
    }

    @Test
    void aClientCertificateIsForClientsOnlyAndRsaWorksToo() throws Exception {
        PkiDirectory pki = new PkiDirectory(dir.resolve("rsa"));
        pki.initCa("rsa CA", KeyAlgorithm.RSA, Validity.days(NOW, 10));

        Path cert = pki.write(pki.clientCert("ops"), pki.clientKey("ops"), pki.ca().issue(new LeafRequest("ops",
                LeafRequest.Purpose.CLIENT, List.of(), List.of(), KeyAlgorithm.RSA, Validity.days(NOW, 10)))).get(0);

        X509Certificate leaf = PemText.readCertificate(cert);
        validate(leaf, pki.ca().certificate());
        assertEquals(List.of(CLIENT_AUTH), leaf.getExtendedKeyUsage());
        assertEquals("SHA256withRSA", leaf.getSigAlgName());
        assertEquals(3072, ((java.security.interfaces.RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength());
    }

    @Test
    void aCaKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        PkiDirectory pki = pki();
        PkiDirectory other = new PkiDirectory(dir.resolve("other"));
        other.initCa("other CA", KeyAlgorithm.EC, Validity.days(NOW, 10));
        Files.copy(other.caKey(), pki.caKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, pki::ca);

        assertEquals("the CA key is not the key of the CA certificate CN=test CA", e.getMessage());
    }

    @Test
    void aMissingCaSaysWhatToRun() {
        PkiDirectory pki = new PkiDirectory(dir.resolve("empty"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, pki::ca);

        assertEquals("no CA in " + pki.dir() + " (expected ca.crt and ca.key; run qfleet pki init --dir " + pki.dir()
                + " first)", e.getMessage());
    }

    @Test
    void aTokenIs256RandomBitsInAPrivateFile() throws Exception {
        PkiDirectory pki = new PkiDirectory(dir);

        String first = Files.readString(pki.newToken()).strip();
        String second = BearerTokens.generate();

        assertTrue(first.matches("[A-Za-z0-9_-]{43}"), first.length() + " characters");
        assertTrue(!first.equals(second));
        assertEquals("rw-------", mode(pki.token()));
    }

    @Test
    void subjectNamesAreCheckedWithoutDns() {
        assertTrue(SubjectNames.isIpAddress("10.0.0.5"));
        assertTrue(SubjectNames.isIpAddress("::1"));
        assertTrue(SubjectNames.isDnsName("db-1.example.com"));
        assertTrue(!SubjectNames.isDnsName("db_1"));
        assertTrue(!SubjectNames.isDnsName("-db"));
        assertTrue(!SubjectNames.isDnsName("a..b"));
        assertTrue(!SubjectNames.isIpAddress("db-1"));
    }

    /** PKIX path validation at {@link #NOW} against the CA alone, as an agent or the coordinator does it. */
    private static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }

    private static String mode(Path file) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
