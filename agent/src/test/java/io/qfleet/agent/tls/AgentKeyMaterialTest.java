package io.qfleet.agent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.server.AgentKeyMaterial;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own certificate and key as the JDK reads them at start ({@link AgentKeyMaterial}); here
 * beside {@link TestPki}, which makes the certificates. A bad pair is named at start, not found at the
 * first handshake, and no message quotes the files.
 */
class AgentKeyMaterialTest {
    @TempDir
    Path dir;

    @Test
    void readsAnEcLeafWithItsChainAndItsPkcs8Key() throws IOException {
        List<TestPki.Issued> chain = TestPki.chain();
        AgentKeyMaterial own = AgentKeyMaterial.read(tls(chain, chain.get(0).privateKey(), TestPki.KeyForm.PKCS8));

        assertEquals(3, own.chain().length, "leaf, intermediate, root");
        assertEquals(chain.get(0).certificate(), own.leaf());
        assertEquals("EC", own.key().getAlgorithm());
    }

    @Test
    void readsAnRsaLeaf() throws IOException {
        TestPki.Issued leaf = TestPki.cert("CN=db1").keys(TestPki.rsaLeaf()).serverAuth().selfSigned();
        AgentKeyMaterial own = AgentKeyMaterial.read(tls(List.of(leaf), leaf.privateKey(), TestPki.KeyForm.PKCS8));

        assertEquals("RSA", own.key().getAlgorithm());
    }

    @Test
    void refusesTheKeyOfAnotherCertificate() throws IOException {
        List<TestPki.Issued> chain = TestPki.chain();
        AgentSettings.Tls tls = tls(chain, TestPki.ec().getPrivate(), TestPki.KeyForm.PKCS8);

        SettingsException e = assertThrows(SettingsException.class, () -> AgentKeyMaterial.read(tls));

        assertEquals("tls.key: " + tls.key() + " is not the key of tls.cert's certificate " + tls.cert()
                + "; install the pair qfleet pki issue-agent HOST wrote together", e.getMessage());
    }

    @Test
    void refusesKeysThatAreNotUnencryptedPkcs8() throws IOException {
        List<TestPki.Issued> chain = TestPki.chain();
        for (TestPki.KeyForm form : List.of(TestPki.KeyForm.TRADITIONAL, TestPki.KeyForm.ENCRYPTED_PKCS8)) {
            AgentSettings.Tls tls = tls(chain, chain.get(0).privateKey(), form);

            SettingsException e = assertThrows(SettingsException.class, () -> AgentKeyMaterial.read(tls), form.name());

            assertEquals("tls.key: " + tls.key() + ": no BEGIN PRIVATE KEY block (an unencrypted PKCS#8 key); issue one with"
                    + " qfleet pki issue-agent HOST", e.getMessage(), form.name());
        }
    }

    @Test
    void refusesACertFileWithoutACertificateAndDoesNotQuoteIt() throws IOException {
        List<TestPki.Issued> chain = TestPki.chain();
        AgentSettings.Tls tls = tls(chain, chain.get(0).privateKey(), TestPki.KeyForm.PKCS8);
        Files.writeString(tls.cert(), "-----BEGIN CERTIFICATE-----\nc2VjcmV0LXRoYXQtaXMtbm90LWEtY2VydA==\n-----END CERTIFICATE-----\n");

        SettingsException e = assertThrows(SettingsException.class, () -> AgentKeyMaterial.read(tls));

        assertTrue(e.getMessage().startsWith("tls.cert: " + tls.cert() + ": not a PEM certificate chain"), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"), "the file is never quoted");
    }

    private AgentSettings.Tls tls(List<TestPki.Issued> chain, java.security.PrivateKey key, TestPki.KeyForm form) throws IOException {
        Path cert = TestPki.writeChain(dir.resolve("agent.crt"), chain);
        Path keyFile = TestPki.writeKey(dir.resolve("agent.key"), key, form);
        return new AgentSettings.Tls(cert, keyFile, cert);
    }
}
