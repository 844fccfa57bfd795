package io.qfleet.agent.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.tls.TestPki.Issued;
import io.qfleet.agent.tls.TestPki.KeyForm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsMaterialTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} key as {1}")
    @CsvSource({"RSA, PKCS8, BEGIN PRIVATE KEY", "RSA, TRADITIONAL, BEGIN RSA PRIVATE KEY",
            "EC, PKCS8, BEGIN PRIVATE KEY", "EC, TRADITIONAL, BEGIN EC PRIVATE KEY"})
    void readsEveryKeyFormQuestDbAccepts(String algorithm, KeyForm form, String header) throws IOException {
        KeyPair keys = algorithm.equals("RSA") ? TestPki.rsaLeaf() : TestPki.ec();
        Issued leaf = TestPki.cert("CN=db1").keys(keys).dns("db1").selfSigned();
        Path cert = TestPki.writeChain(tmp.resolve("cert.pem"), leaf);
        Path key = TestPki.writeKey(tmp.resolve("key.pem"), keys.getPrivate(), form);
        assertTrue(Files.readString(key).contains(header), Files.readString(key).lines().findFirst().orElse(""));

        TlsMaterial material = TlsMaterial.load(cert, key);

        assertEquals(algorithm, material.privateKey().getAlgorithm());
        assertSameKey(keys.getPrivate(), material.privateKey());
        assertEquals(leaf.certificate(), material.leaf());
        assertEquals(List.of(leaf.certificate()), material.chain());
        assertEquals(cert, material.certFile());
    }

    @Test
    void readsTheWholeChainInFileOrder() throws IOException {
        List<Issued> chain = TestPki.chain();
        TlsMaterial material = TlsMaterial.load(TestPki.writeChain(tmp.resolve("cert.pem"), chain),
                TestPki.writeKey(tmp.resolve("key.pem"), chain.get(0).privateKey()));

        assertEquals(chain.stream().map(Issued::certificate).toList(), material.chain());
    }

    @Test
    void skipsTheEcParametersBlockOpensslWritesBeforeASec1Key() throws IOException {
        KeyPair keys = TestPki.ec();
        Issued leaf = TestPki.cert("CN=db1").keys(keys).selfSigned();
        Path key = TestPki.writeKey(tmp.resolve("key.pem"), keys.getPrivate(), KeyForm.TRADITIONAL);
        Files.writeString(key, TestPki.pem("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded()) + "Bag Attributes: none\n"
                + Files.readString(key));

        TlsMaterial material = TlsMaterial.load(TestPki.writeChain(tmp.resolve("cert.pem"), leaf), key);

        assertSameKey(keys.getPrivate(), material.privateKey());
    }

    @ParameterizedTest
    @CsvSource({"RSA, ENCRYPTED_PKCS8", "RSA, ENCRYPTED_TRADITIONAL", "EC, ENCRYPTED_PKCS8", "EC, ENCRYPTED_TRADITIONAL"})
    void refusesEncryptedKeys(String algorithm, KeyForm form) throws IOException {
        KeyPair keys = algorithm.equals("RSA") ? TestPki.rsaLeaf() : TestPki.ec();
        Path cert = TestPki.writeChain(tmp.resolve("cert.pem"), TestPki.cert("CN=db1").keys(keys).selfSigned());
        Path key = TestPki.writeKey(tmp.resolve("key.pem"), keys.getPrivate(), form);

        AgentException e = assertThrows(AgentException.class, () -> TlsMaterial.load(cert, key));

        assertEquals(AgentException.Kind.INVALID_ARGUMENT, e.kind());
        assertEquals("tls_key_encrypted", e.reason());
        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
        assertNoKeyMaterial(e.getMessage(), key);
    }

    @Test
    void namesTheMissingFile() throws IOException {
        Issued leaf = TestPki.cert("CN=db1").selfSigned();
        Path cert = TestPki.writeChain(tmp.resolve("cert.pem"), leaf);
        Path key = tmp.resolve("missing-key.pem");

        AgentException e = assertThrows(AgentException.class, () -> TlsMaterial.load(cert, key));

        assertEquals("tls_unreadable", e.reason());
        assertEquals("cannot read key file " + key + ": NoSuchFileException", e.getMessage());
    }

    @Test
    void refusesFilesWithoutTheExpectedBlocks() throws IOException {
        Issued leaf = TestPki.cert("CN=db1").selfSigned();
        Path cert = TestPki.writeChain(tmp.resolve("cert.pem"), leaf);
        Path key = TestPki.writeKey(tmp.resolve("key.pem"), leaf.privateKey());
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a PEM file\n");

        assertUnreadable(() -> TlsMaterial.load(text, key), "cert file " + text + " holds no certificate");
        assertUnreadable(() -> TlsMaterial.load(cert, cert), "key file " + cert + " holds 0 private keys");
        assertUnreadable(() -> TlsMaterial.load(cert, text), "key file " + text + " holds 0 private keys");
        Path twoKeys = Files.writeString(tmp.resolve("two.pem"), Files.readString(key) + Files.readString(key));
        assertUnreadable(() -> TlsMaterial.load(cert, twoKeys), "key file " + twoKeys + " holds 2 private keys");
        Path tooBig = Files.write(tmp.resolve("big.pem"), new byte[PemFiles.MAX_BYTES + 1]);
        assertUnreadable(() -> TlsMaterial.load(tooBig, key), "cert file " + tooBig + " is larger than");
        assertUnreadable(() -> TlsMaterial.load(tmp, key), "cannot read cert file " + tmp);
    }

    @Test
    void refusesAPrivateKeyInTheCertFileThatWouldBeInstalledReadableByAll() throws IOException {
        Issued leaf = TestPki.cert("CN=db1").selfSigned();
        Path key = TestPki.writeKey(tmp.resolve("key.pem"), leaf.privateKey());
        Path combined = Files.writeString(tmp.resolve("combined.pem"),
                Files.readString(TestPki.writeChain(tmp.resolve("cert.pem"), leaf)) + Files.readString(key));

        AgentException e = assertThrows(AgentException.class, () -> TlsMaterial.load(combined, key));

        assertEquals("tls_key_in_cert_file", e.reason());
        assertNoKeyMaterial(e.getMessage(), key);
        // the same combined file is fine as a key file: the certificate in it is ignored
        assertEquals(leaf.certificate(), TlsMaterial.load(tmp.resolve("cert.pem"), combined).leaf());
    }

    @ParameterizedTest
    @CsvSource({"RSA, TRADITIONAL", "EC, TRADITIONAL", "RSA, PKCS8", "EC, PKCS8"})
    void aBrokenKeyFileIsNeverQuotedInTheMessage(String algorithm, KeyForm form) throws IOException {
        KeyPair keys = algorithm.equals("RSA") ? TestPki.rsaLeaf() : TestPki.ec();
        Path cert = TestPki.writeChain(tmp.resolve("cert.pem"), TestPki.cert("CN=db1").keys(keys).selfSigned());
        Path key = TestPki.writeKey(tmp.resolve("key.pem"), keys.getPrivate(), form);
        List<String> lines = Files.readAllLines(key, StandardCharsets.US_ASCII);
        // cut the DER short: valid base64 and armour around a truncated structure
        List<String> truncated = new java.util.ArrayList<>(lines.subList(0, lines.size() - 3));
        truncated.add(lines.get(lines.size() - 1));
        Files.write(key, truncated, StandardCharsets.US_ASCII);
        Path garbled = Files.writeString(tmp.resolve("garbled.pem"), Files.readString(key).replace('A', '!'));

        for (Path broken : List.of(key, garbled)) {
            AgentException e = assertThrows(AgentException.class, () -> TlsMaterial.load(cert, broken));
            assertEquals("tls_unreadable", e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
            assertNoKeyMaterial(e.getMessage(), broken);
        }
    }

    @Test
    void toStringNamesTheFilesAndNeverTheKey() throws IOException {
        KeyPair keys = TestPki.rsaLeaf();
        Path cert = TestPki.writeChain(tmp.resolve("cert.pem"), TestPki.cert("CN=db1").keys(keys).selfSigned());
        Path key = TestPki.writeKey(tmp.resolve("key.pem"), keys.getPrivate(), KeyForm.TRADITIONAL);

        String text = TlsMaterial.load(cert, key).toString();

        assertTrue(text.contains(key.toString()) && text.contains("CN=db1") && text.contains("RSA"), text);
        assertNoKeyMaterial(text, key);
        String modulus = ((java.security.interfaces.RSAPrivateCrtKey) keys.getPrivate()).getPrivateExponent().toString(16);
        assertFalse(text.contains(modulus.substring(0, 16)), text);
    }

    /** Same key: the EC scalar and curve (SEC1 may carry the curve inside, PKCS#8 beside), or the same RSA encoding. */
    static void assertSameKey(PrivateKey expected, PrivateKey actual) {
        if (expected instanceof ECPrivateKey ec) {
            assertEquals(ec.getS(), ((ECPrivateKey) actual).getS());
            assertEquals(ec.getParams().getCurve(), ((ECPrivateKey) actual).getParams().getCurve());
        } else {
            assertArrayEquals(expected.getEncoded(), actual.getEncoded());
        }
    }

    /** No line of the key file's base64 body, nor any 16-character piece of it, appears in the text. */
    static void assertNoKeyMaterial(String text, Path keyFile) throws IOException {
        for (String line : TestPki.base64Lines(keyFile)) {
            for (int i = 0; i + 16 <= line.length(); i += 8) {
                String piece = line.substring(i, i + 16);
                assertFalse(text.contains(piece), () -> "key material '" + piece + "' in: " + text);
            }
        }
    }

    private static void assertUnreadable(org.junit.jupiter.api.function.Executable load, String messageStart) {
        AgentException e = assertThrows(AgentException.class, load);
        assertEquals("tls_unreadable", e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }
}
