package io.qfleet.agent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.tls.TestPki.Issued;
import io.qfleet.agent.tls.TlsProblem.Check;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsChecksTest {
    private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
    private static final Duration WINDOW = Duration.ofDays(30);

    @TempDir
    Path tmp;

    @Test
    void aValidChainPassesForItsDnsNameAndItsIpAddress() throws IOException {
        List<Issued> chain = TestPki.chain();
        TlsMaterial material = material(chain.get(0).privateKey(), chain);

        assertEquals(List.of(), TlsChecks.check(material, "db1.example.com", CLOCK, WINDOW));
        assertEquals(List.of(), TlsChecks.check(material, "DB1.Example.COM.", CLOCK, WINDOW));
        assertEquals(List.of(), TlsChecks.requireValid(material, "127.0.0.1", CLOCK, WINDOW));
    }

    @Test
    void rsaLeafAndSelfSignedLeafPass() throws IOException {
        Issued root = TestPki.cert("CN=root").ca().keys(TestPki.rsaCa()).selfSigned();
        Issued rsaLeaf = TestPki.cert("CN=db1").keys(TestPki.rsaLeaf()).dns("db1").serverAuth().issuedBy(root);
        Issued selfSigned = TestPki.cert("CN=db2").dns("db2").selfSigned();

        assertEquals(List.of(), TlsChecks.check(material(rsaLeaf.privateKey(), List.of(rsaLeaf, root)), "db1", CLOCK, WINDOW));
        assertEquals(List.of(), TlsChecks.check(material(selfSigned.privateKey(), List.of(selfSigned)), "db2", CLOCK, WINDOW));
    }

    @Test
    void anExpiredLeafSaysWhen() throws IOException {
        Issued leaf = leaf().validity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z")).selfSigned();

        List<TlsProblem> problems = TlsChecks.check(material(leaf), "db1.example.com", CLOCK, WINDOW);

        assertEquals(List.of(Check.EXPIRED), checks(problems));
        assertTrue(problems.get(0).message().contains("leaf certificate 'CN=db1.example.com' serial 0x"), problems.get(0).message());
        assertTrue(problems.get(0).message().contains("expired on 2026-05-01T00:00:00Z (now 2026-06-01T12:00:00Z)"),
                problems.get(0).message());
    }

    @Test
    void aLeafExpiringWithinTheWindowSaysWhenAndHowSoon() throws IOException {
        Issued leaf = leaf().validity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-06-11T12:00:00Z")).selfSigned();
        TlsMaterial material = material(leaf);

        List<TlsProblem> problems = TlsChecks.check(material, "db1.example.com", CLOCK, WINDOW);

        assertEquals(List.of(Check.EXPIRING), checks(problems));
        assertTrue(problems.get(0).message().endsWith("expires on 2026-06-11T12:00:00Z, in 10 days, within the 30 days window"),
                problems.get(0).message());
        assertEquals(List.of(), TlsChecks.check(material, "db1.example.com", CLOCK, Duration.ofDays(9)));
        assertEquals(List.of(), TlsChecks.check(material, "db1.example.com", CLOCK, Duration.ZERO), "0 days: only expiry counts");
    }

    @Test
    void notYetValidAndExpiredIntermediatesCountToo() throws IOException {
        Issued root = TestPki.cert("CN=root").ca().keys(TestPki.rsaCa()).selfSigned();
        Issued intermediate = TestPki.cert("CN=old intermediate").ca()
                .validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")).issuedBy(root);
        Issued leaf = leaf().validity(Instant.parse("2026-07-01T00:00:00Z"), Instant.parse("2027-07-01T00:00:00Z"))
                .issuedBy(intermediate);

        List<TlsProblem> problems = TlsChecks.check(material(leaf.privateKey(), List.of(leaf, intermediate, root)),
                "db1.example.com", CLOCK, WINDOW);

        assertEquals(List.of(Check.NOT_YET_VALID, Check.EXPIRED), checks(problems));
        assertTrue(problems.get(0).message().contains("is not valid before 2026-07-01T00:00:00Z"), problems.get(0).message());
        assertTrue(problems.get(1).message().startsWith("certificate 2 of 3 'CN=old intermediate'"), problems.get(1).message());
    }

    @Test
    void aKeyOfAnotherCertificateIsAMismatch() throws IOException {
        Issued leaf = leaf().selfSigned();
        Issued rsa = TestPki.cert("CN=rsa").keys(TestPki.rsaLeaf()).dns("db1.example.com").selfSigned();

        TlsProblem sameCurve = only(TlsChecks.check(material(TestPki.ec().getPrivate(), List.of(leaf)), "db1.example.com", CLOCK, WINDOW));
        TlsProblem otherAlgorithm = only(TlsChecks.check(material(TestPki.rsaLeaf().getPrivate(), List.of(leaf)),
                "db1.example.com", CLOCK, WINDOW));
        TlsProblem otherModulus = only(TlsChecks.check(material(TestPki.rsaCa().getPrivate(), List.of(rsa)),
                "db1.example.com", CLOCK, WINDOW));

        assertEquals(Check.KEY_MISMATCH, sameCurve.check());
        assertTrue(sameCurve.message().endsWith("a signature made with the key does not verify with the certificate's public key"),
                sameCurve.message());
        assertTrue(otherAlgorithm.message().endsWith("the certificate holds an EC key, the key file an RSA key"), otherAlgorithm.message());
        assertTrue(otherModulus.message().endsWith("their RSA public keys differ"), otherModulus.message());
        assertTrue(otherModulus.message().startsWith("key file " + tmp.resolve("key.pem") + " does not belong to the leaf certificate"),
                otherModulus.message());
    }

    @Test
    void aChainOutOfOrderSaysWhereTheIssuerIs() throws IOException {
        List<Issued> chain = TestPki.chain();
        Issued leaf = chain.get(0);
        Issued intermediate = chain.get(1);
        Issued root = chain.get(2);

        TlsProblem swapped = only(TlsChecks.check(material(leaf.privateKey(), List.of(leaf, root, intermediate)),
                "db1.example.com", CLOCK, WINDOW));
        List<TlsProblem> reversed = TlsChecks.check(material(leaf.privateKey(), List.of(root, intermediate, leaf)),
                "db1.example.com", CLOCK, WINDOW);
        Issued strangerIntermediate = TestPki.cert("CN=qfleet test intermediate").ca().issuedBy(root);
        TlsProblem stranger = only(TlsChecks.check(material(leaf.privateKey(), List.of(leaf, strangerIntermediate, root)),
                "db1.example.com", CLOCK, WINDOW));

        assertEquals(Check.CHAIN_ORDER, swapped.check());
        assertTrue(swapped.message().contains("certificate 1 'CN=db1.example.com'"), swapped.message());
        assertTrue(swapped.message().contains("is not signed by certificate 2 'CN=qfleet test root'"), swapped.message());
        assertTrue(swapped.message().endsWith("but by certificate 3: list the leaf first, then each certificate's issuer"),
                swapped.message());
        assertTrue(checks(reversed).contains(Check.CHAIN_ORDER) && checks(reversed).contains(Check.KEY_MISMATCH), reversed.toString());
        assertTrue(reversed.stream().anyMatch(p -> p.message().contains("certificate 1 'CN=qfleet test root'")
                && p.message().contains("is a CA and certificate 3 'CN=db1.example.com'")), reversed.toString());
        assertTrue(stranger.message().contains("nor by any other in the file"), stranger.message()); // same name, other key
    }

    @Test
    void namesMustCoverTheAddressClientsUse() throws IOException {
        TlsMaterial dnsOnly = material(leaf().selfSigned());
        TlsMaterial wildcard = material(TestPki.cert("CN=wild").dns("*.db.example.com").selfSigned());
        TlsMaterial ipOnly = material(TestPki.cert("CN=ip").ip("10.0.0.5").ip("::1").selfSigned());
        TlsMaterial ipAsDnsName = material(TestPki.cert("CN=127.0.0.1").dns("127.0.0.1").selfSigned());

        assertNames(dnsOnly, "db2.example.com", Check.NAME_MISMATCH);
        assertNames(dnsOnly, "127.0.0.1", Check.NAME_MISMATCH);
        assertNames(wildcard, "a.db.example.com");
        assertNames(wildcard, "db.example.com", Check.NAME_MISMATCH);
        assertNames(wildcard, "a.b.db.example.com", Check.NAME_MISMATCH);
        assertNames(ipOnly, "10.0.0.5");
        assertNames(ipOnly, "[0:0:0:0:0:0:0:1]");
        assertNames(ipOnly, "10.0.0.6", Check.NAME_MISMATCH);
        assertNames(ipOnly, "ip", Check.NAME_MISMATCH);
        assertNames(ipAsDnsName, "127.0.0.1", Check.NAME_MISMATCH); // a SAN is present, so the CN does not count either

        TlsProblem problem = only(TlsChecks.check(ipAsDnsName, "127.0.0.1", CLOCK, WINDOW));
        assertTrue(problem.message().endsWith("does not cover 127.0.0.1: SAN DNS [127.0.0.1], SAN IP []; an IP address needs a"
                + " SAN IP entry (a DNS entry naming it does not count)"), problem.message());
    }

    @Test
    void theCnCountsOnlyWithoutSanAndThenAsAWarning() throws IOException {
        TlsMaterial cnOnly = material(TestPki.cert("CN=db1.example.com").selfSigned());
        TlsMaterial cnIpOnly = material(TestPki.cert("CN=10.0.0.5").selfSigned());

        List<TlsProblem> warnings = TlsChecks.requireValid(cnOnly, "db1.example.com", CLOCK, WINDOW);

        assertEquals(List.of(Check.NAME_BY_CN_ONLY), checks(warnings));
        assertFalse(warnings.get(0).blocking());
        assertTrue(warnings.get(0).message().contains("browsers and most HTTP clients refuse it"), warnings.get(0).message());
        assertNames(cnIpOnly, "10.0.0.5", Check.NAME_BY_CN_ONLY);
        assertNames(cnOnly, "db2.example.com", Check.NAME_MISMATCH);
    }

    @Test
    void theLeafMustBeAllowedToServeTls() throws IOException {
        Issued clientOnly = TestPki.cert("CN=db1").dns("db1.example.com").purpose(KeyPurposeId.id_kp_clientAuth).selfSigned();
        Issued both = TestPki.cert("CN=db1").dns("db1.example.com").purpose(KeyPurposeId.id_kp_clientAuth).serverAuth().selfSigned();
        Issued noEku = TestPki.cert("CN=db1").dns("db1.example.com").selfSigned();
        Issued signOnly = TestPki.cert("CN=db1").dns("db1.example.com").keyUsage(KeyUsage.digitalSignature).selfSigned();
        Issued crlOnly = TestPki.cert("CN=db1").dns("db1.example.com").keyUsage(KeyUsage.cRLSign).selfSigned();

        TlsProblem problem = only(TlsChecks.check(material(clientOnly), "db1.example.com", CLOCK, WINDOW));
        assertEquals(Check.KEY_USAGE, problem.check());
        assertTrue(problem.message().contains("without serverAuth (1.3.6.1.5.5.7.3.1)"), problem.message());
        assertEquals(List.of(), TlsChecks.check(material(both), "db1.example.com", CLOCK, WINDOW));
        assertEquals(List.of(), TlsChecks.check(material(noEku), "db1.example.com", CLOCK, WINDOW));
        assertEquals(List.of(), TlsChecks.check(material(signOnly), "db1.example.com", CLOCK, WINDOW));
        assertEquals(Check.KEY_USAGE, only(TlsChecks.check(material(crlOnly), "db1.example.com", CLOCK, WINDOW)).check());
    }

    @Test
    void requireValidListsEveryBlockingProblemInOneLineWithoutKeyMaterial() throws IOException {
        Issued leaf = leaf().validity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z")).selfSigned();
        TlsMaterial material = material(TestPki.ec().getPrivate(), List.of(leaf));

        AgentException e = assertThrows(AgentException.class, () -> TlsChecks.requireValid(material, "db9", CLOCK, WINDOW));

        assertEquals(AgentException.Kind.INVALID_ARGUMENT, e.kind());
        assertEquals("tls_invalid", e.reason());
        assertTrue(e.getMessage().startsWith("TLS material for db9 (cert " + material.certFile() + ", key " + material.keyFile()
                + ") fails 3 checks: key_mismatch: "), e.getMessage());
        assertTrue(e.getMessage().contains("; expired: leaf certificate") && e.getMessage().contains("; name_mismatch: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        TlsMaterialTest.assertNoKeyMaterial(e.getMessage(), material.keyFile());
    }

    @Test
    void refusesABlankHostAndANegativeWindow() throws IOException {
        TlsMaterial material = material(leaf().selfSigned());

        assertEquals("missing_field", assertThrows(AgentException.class,
                () -> TlsChecks.check(material, " ", CLOCK, WINDOW)).reason());
        assertEquals("bad_value", assertThrows(AgentException.class,
                () -> TlsChecks.check(material, "db1", CLOCK, Duration.ofDays(-1))).reason());
    }

    private static TestPki.Builder leaf() {
        return TestPki.cert("CN=db1.example.com").dns("db1.example.com").serverAuth();
    }

    private TlsMaterial material(Issued selfSigned) throws IOException {
        return material(selfSigned.privateKey(), List.of(selfSigned));
    }

    private TlsMaterial material(PrivateKey key, List<Issued> chain) throws IOException {
        return TlsMaterial.load(TestPki.writeChain(tmp.resolve("cert.pem"), chain), TestPki.writeKey(tmp.resolve("key.pem"), key));
    }

    private static void assertNames(TlsMaterial material, String host, Check... expected) {
        List<TlsProblem> problems = TlsChecks.check(material, host, CLOCK, WINDOW);
        assertEquals(List.of(expected), checks(problems), () -> host + ": " + problems);
    }

    private static List<Check> checks(List<TlsProblem> problems) {
        return problems.stream().map(TlsProblem::check).toList();
    }

    private static TlsProblem only(List<TlsProblem> problems) {
        assertEquals(1, problems.size(), problems::toString);
        return problems.get(0);
    }
}
