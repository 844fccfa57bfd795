package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationSpec.TlsPhase;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TlsStep's refusals: a spec that cannot work is refused before it is stored, and material that
 * fails a check is refused before anything is installed or server.conf is touched (QuestDB is not
 * running here; every refusal comes before the step would need it).
 */
class TlsStepRefusalsTest {
    private static final byte[] CONF = "# the operator's\npg.net.bind.to=127.0.0.1:8812\n".getBytes();

    @TempDir
    Path tmp;

    private static OperationSpec.Tls spec(TlsPhase phase, String cert, String key, String address, int window, boolean demo) {
        return new OperationSpec.Tls(phase, cert, key, address, window, false, demo, 30, 60);
    }

    private static String refused(OperationSpec.Tls spec) {
        return assertThrows(AgentException.class, () -> TlsStep.validate(spec)).getMessage();
    }

    @Test
    void aSpecWithoutPhaseFilesOrAddressOrWithANegativeWindowIsRefusedBeforeItIsStored() {
        assertEquals("tls.phase is required (PREPARE, APPLY or VERIFY)", refused(spec(null, "/c.pem", "/k.pem", "db1", 30, false)));
        String missing = "tls.cert_path, tls.key_path and tls.host_address are required unless tls.demo is set";
        assertEquals(missing, refused(spec(TlsPhase.APPLY, "", "/k.pem", "db1", 30, false)));
        assertEquals(missing, refused(spec(TlsPhase.APPLY, "/c.pem", " ", "db1", 30, false)));
        assertEquals(missing, refused(spec(TlsPhase.APPLY, "/c.pem", "/k.pem", null, 30, false)));
        assertEquals("tls.expiry_window_days: -1 (expected: >= 0)", refused(spec(TlsPhase.PREPARE, "/c.pem", "/k.pem", "db1", -1, false)));
        TlsStep.validate(spec(TlsPhase.APPLY, "", "", "", 0, true)); // demo mode names no files
    }

    @Test
    void materialThatDoesNotCoverTheHostIsRefusedBeforeAnythingIsInstalledOrWritten() throws Exception {
        TestPki.Issued leaf = TestPki.cert("CN=db1.example.com").dns("db1.example.com").serverAuth().selfSigned();
        Path cert = TestPki.writeChain(tmp.resolve("db1.crt"), leaf);
        Path key = TestPki.writeKey(tmp.resolve("db1.key"), leaf.privateKey());

        AgentException e = assertThrows(AgentException.class,
                () -> run(spec(TlsPhase.APPLY, cert.toString(), key.toString(), "db9.example.com", 30, false)));

        assertEquals("tls_invalid", e.reason());
        assertTrue(e.getMessage().contains("db9.example.com"), e.getMessage());
        assertNothingChanged();
    }

    @Test
    void anExpiredCertificateIsRefusedBeforeAnythingIsInstalledOrWritten() throws Exception {
        TestPki.Issued leaf = TestPki.cert("CN=db1.example.com").dns("db1.example.com").serverAuth()
                .validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z")).selfSigned();
        Path cert = TestPki.writeChain(tmp.resolve("db1.crt"), leaf);
        Path key = TestPki.writeKey(tmp.resolve("db1.key"), leaf.privateKey());

        AgentException e = assertThrows(AgentException.class,
                () -> run(spec(TlsPhase.APPLY, cert.toString(), key.toString(), "db1.example.com", 30, false)));

        assertEquals("tls_invalid", e.reason());
        assertNothingChanged();
    }

    @Test
    void aMissingCertificateFileIsRefusedNamingIt() throws Exception {
        Path absent = tmp.resolve("nowhere/db1.crt");

        AgentException e = assertThrows(AgentException.class,
                () -> run(spec(TlsPhase.PREPARE, absent.toString(), tmp.resolve("db1.key").toString(), "db1", 30, false)));

        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
        assertNothingChanged();
    }

    @Test
    void verifyWithoutInstalledMaterialIsRefused() throws Exception {
        AgentException e = assertThrows(AgentException.class,
                () -> run(spec(TlsPhase.VERIFY, "/c.pem", "/k.pem", "db1", 30, false)));

        assertTrue(e.getMessage().contains(TlsStep.INSTALL_DIR), "names where PREPARE installs: " + e.getMessage());
        assertNothingChanged();
    }

    private OperationResult run(OperationSpec.Tls spec) throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("root/conf")).resolve("server.conf");
        Files.write(conf, CONF);
        TlsStep.validate(spec);
        return new TlsStep(new QuestDbHost(settings()), spec).run(new RecordingContext());
    }

    private void assertNothingChanged() throws Exception {
        Path conf = tmp.resolve("root/conf");
        assertFalse(Files.exists(conf.resolve(TlsStep.INSTALL_DIR)), "nothing installed");
        if (Files.exists(conf.resolve("server.conf"))) {
            assertArrayEquals(CONF, Files.readAllBytes(conf.resolve("server.conf")), "server.conf untouched");
        }
    }

    private AgentSettings settings() {
        return new AgentSettings("127.0.0.1", 0, true, tmp.resolve("state"), tmp.resolve("staging"),
                new AgentSettings.QuestDb(tmp.resolve("root"), tmp.resolve("opt/questdb"), "direct", QuestDbRoots.javaExecutable(),
                        QuestDbRoots.jvmArgs(), QuestDbRoots.USER, null));
    }
}
