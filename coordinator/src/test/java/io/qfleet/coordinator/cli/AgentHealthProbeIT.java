package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness probe the packaged unit runs ({@code qfleet-agent health --settings agent.yaml}, its
 * ExecStartPost) against real agent processes serving mTLS, with certificates from {@code qfleet pki}:
 * the probe reads tls from the agent's own settings, presents the agent's own certificate (which the
 * agent accepts from its own probe only: AgentSecurityIT shows other agents refuse it) and expects it.
 */
class AgentHealthProbeIT {
    private static final String HOST = "127.0.0.1";

    @TempDir
    Path dir;

    @Test
    void probeOfAnMtlsAgentPassesWithTheAgentsOwnCertificate() throws Exception {
        Path pki = pki("pki");
        Path clientCa = pki("client-pki"); // clients from another CA than the agent's own certificate: still its own
        try (AgentJarProcess agent = AgentJarProcess.start(dir.resolve("agent"), HOST + ":0", tls(pki, clientCa))) {
            Probe probe = probe(dir.resolve("agent"), agent.port());

            assertEquals(0, probe.exit(), probe.output());
            assertEquals("qfleet-agent health: agent at " + HOST + ":" + agent.port() + " is SERVING", probe.output().strip());
        }
    }

    @Test
    void probeOfAnotherServerOnThePortFailsAtOnceNamingTheCertificate() throws Exception {
        Path pki = pki("pki");
        Path other = pki("other-pki");
        try (AgentJarProcess agent = AgentJarProcess.start(dir.resolve("other"), HOST + ":0", tls(other, other))) {
            // the settings of an agent that is not the one listening on that port
            Files.createDirectories(dir.resolve("agent"));
            Files.writeString(dir.resolve("agent/agent.yaml"), Files.readString(dir.resolve("other/agent.yaml"))
                    .replace(other.toString(), pki.toString()));
            Probe probe = probe(dir.resolve("agent"), agent.port());

            assertEquals(1, probe.exit(), probe.output());
            String message = probe.output().strip();
            assertTrue(message.startsWith("qfleet-agent health: TLS handshake with the agent at " + HOST + ":" + agent.port()
                    + " failed: "), "fails at once, not after the 60 s timeout: " + message);
            assertTrue(message.contains("not this agent's tls.cert"), message);
            assertTrue(message.endsWith(" (the probe presents and expects the agent's own tls.cert "
                    + pki.resolve("agent-" + HOST + ".crt") + "; is another server listening there, was tls.cert replaced "
                    + "since the agent started, or has it expired?)"), message);
        }
    }

    /** {@code qfleet pki init}, {@code issue-agent 127.0.0.1} and {@code token} into {@code dir/name}. */
    private Path pki(String name) {
        String pki = dir.resolve(name).toString();
        for (List<String> args : List.of(List.of("init", "--dir", pki), List.of("issue-agent", HOST, "--dir", pki),
                List.of("token", "--dir", pki))) {
            QfleetRun run = QfleetRun.execute(concat("pki", args));
            assertEquals(ExitCodes.DONE, run.exitCode(), run.transcript());
        }
        return dir.resolve(name);
    }

    private static String[] concat(String first, List<String> rest) {
        String[] all = new String[rest.size() + 1];
        all[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            all[i + 1] = rest.get(i);
        }
        return all;
    }

    private static String tls(Path agentPki, Path clientPki) {
        return "tls:\n  cert: " + agentPki.resolve("agent-" + HOST + ".crt") + "\n  key: " + agentPki.resolve("agent-" + HOST + ".key")
                + "\n  client_ca: " + clientPki.resolve("ca.crt") + "\ntoken_file: " + agentPki.resolve("token") + "\n";
    }

    private record Probe(int exit, String output) {}

    /**
     * The agent's own settings with the port it picked (the probe refuses port 0), probed as the unit
     * does: {@code java -jar qfleet-agent.jar health --settings ... --timeout 60}.
     */
    private static Probe probe(Path agentDir, int port) throws IOException, InterruptedException {
        String settings = Files.readString(agentDir.resolve("agent.yaml")).replace("listen: " + HOST + ":0\n",
                "listen: " + HOST + ":" + port + "\n");
        Path probeSettings = Files.writeString(agentDir.resolve("probe.yaml"), settings);
        Path output = agentDir.resolve("probe.out");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("qfleet.agent.jar"), "health", "--settings", probeSettings.toString(), "--timeout", "60"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("probe still running after 90 s: " + Files.readString(output));
        }
        return new Probe(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
