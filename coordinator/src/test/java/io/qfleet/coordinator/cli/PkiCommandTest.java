package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qfleet pki} as an operator runs it: paths printed, nothing replaced without --force, bad input refused. */
class PkiCommandTest {
    @TempDir
    Path dir;

    private String pki() {
        return dir.resolve("pki").toString();
    }

    @Test
    void theWholeSetUpPrintsEveryFileItWrites() throws Exception {
        Path pki = dir.resolve("pki");

        QfleetRun init = QfleetRun.execute("pki", "init", "--dir", pki());
        QfleetRun agent = QfleetRun.execute("pki", "issue-agent", "10.0.0.5", "--dns", "db-1.example.com", "--dir", pki());
        QfleetRun client = QfleetRun.execute("pki", "issue-client", "--dir", pki());
        QfleetRun token = QfleetRun.execute("pki", "token", "--dir", pki());

        assertEquals(pki.resolve("ca.crt") + "\n" + pki.resolve("ca.key") + "\n", init.out(), init.transcript());
        assertEquals(pki.resolve("agent-10.0.0.5.crt") + "\n" + pki.resolve("agent-10.0.0.5.key") + "\n", agent.out(),
                agent.transcript());
        assertEquals(pki.resolve("client-coordinator.crt") + "\n" + pki.resolve("client-coordinator.key") + "\n", client.out(),
                client.transcript());
        assertEquals(pki.resolve("token") + "\n", token.out(), token.transcript());
        assertFalse(token.out().contains(Files.readString(pki.resolve("token")).strip()), "the token is never printed");
    }

    @Test
    void nothingIsReplacedWithoutForce() throws Exception {
        Path caKey = dir.resolve("pki").resolve("ca.key");
        QfleetRun.execute("pki", "init", "--dir", pki());
        String before = Files.readString(caKey);

        QfleetRun again = QfleetRun.execute("pki", "init", "--dir", pki());
        assertEquals(ExitCodes.USAGE, again.exitCode(), again.transcript());
        assertTrue(again.err().startsWith(dir.resolve("pki").resolve("ca.crt") + " exists (pass --force to replace it)"),
                again.transcript());
        assertEquals(before, Files.readString(caKey));

        QfleetRun forced = QfleetRun.execute("pki", "init", "--dir", pki(), "--force");
        assertEquals(ExitCodes.DONE, forced.exitCode(), forced.transcript());
        assertNotEquals(before, Files.readString(caKey));
    }

    @Test
    void issuingWithoutACaSaysToRunInit() {
        QfleetRun run = QfleetRun.execute("pki", "issue-client", "--dir", pki());

        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertTrue(run.err().startsWith("no CA in " + pki() + " (expected ca.crt and ca.key; run qfleet pki init --dir "),
                run.transcript());
    }

    @Test
    void badNamesAndValuesAreRefused() {
        QfleetRun.execute("pki", "init", "--dir", pki());

        assertRefused("HOST: 'db_1' is neither an IP address nor a DNS name", "pki", "issue-agent", "db_1", "--dir", pki());
        assertRefused("--ip: 'db-1' is not an IP address", "pki", "issue-agent", "db-1", "--ip", "db-1", "--dir", pki());
        assertRefused("--dns: '10.0.0.x.' is not a DNS name", "pki", "issue-agent", "db-1", "--dns", "10.0.0.x.", "--dir", pki());
        assertRefused("--days: 0 (expected 1-36500)", "pki", "issue-client", "--days", "0", "--dir", pki());
        assertRefused("NAME: 'Ops Team'", "pki", "issue-client", "Ops Team", "--dir", pki());
        assertRefused("Invalid value for option '--key': 'dsa' (expected ec or rsa)", "pki", "init", "--key", "dsa",
                "--dir", dir.resolve("other").toString());
    }

    private static void assertRefused(String message, String... args) {
        QfleetRun run = QfleetRun.execute(args);
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertTrue(run.err().startsWith(message), run.transcript());
    }
}
