package io.qfleet.agent.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTextTest {
    private static final String PASSWORD = "hunter2-'quoted'";

    @TempDir
    Path tmp;

    @Test
    void aSpecIsStoredWithTheFingerprintOnlyAndStillEqualsTheOriginal() throws Exception {
        OperationSpec spec = new OperationSpec.Admins(OperationSpec.AdminsPhase.CREATE,
                List.of(new OperationSpec.Account("ops", SecretText.of(PASSWORD))), 0, 0);
        ObjectMapper json = new ObjectMapper();
        String stored = json.writeValueAsString(spec);
        assertFalse(stored.contains("hunter2"), stored);
        assertTrue(stored.contains("hmac-sha256:"), stored);
        OperationSpec read = json.readValue(stored, OperationSpec.class);
        assertEquals(spec, read, "a repeated start with the same password is recognised");
        assertNotEquals(spec, new OperationSpec.Admins(OperationSpec.AdminsPhase.CREATE,
                List.of(new OperationSpec.Account("ops", SecretText.of("other"))), 0, 0));
        assertFalse(read.toString().contains("hunter2"), read.toString());
        AgentException e = assertThrows(AgentException.class, () -> ((OperationSpec.Admins) read).accounts().get(0).password().reveal());
        assertEquals("secret_unavailable", e.reason());
    }

    @Test
    void theFingerprintKeyIsKeptPrivateAndSurvivesARestart() throws Exception {
        Fingerprints.useKeyFile(tmp);
        String first = SecretText.of(PASSWORD).fingerprint();
        Path key = tmp.resolve(Fingerprints.KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        Fingerprints.useKeyFile(tmp);
        assertEquals(first, SecretText.of(PASSWORD).fingerprint());
    }

    @Test
    void agentCredentialsLiveInAPrivateFileAndClearGoesBackToTheSettings() throws Exception {
        PgCredentials credentials = new PgCredentials(tmp, "admin", () -> "quest");
        assertEquals(new PgCredentials.Login("admin", "quest"), credentials.current());
        credentials.replace(new PgCredentials.Login("ops", PASSWORD));
        assertEquals(new PgCredentials.Login("ops", PASSWORD), credentials.current());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(PgCredentials.FILE))));
        assertFalse(credentials.current().toString().contains("hunter2"));
        credentials.clear();
        assertEquals("admin", credentials.current().user());
    }
}
