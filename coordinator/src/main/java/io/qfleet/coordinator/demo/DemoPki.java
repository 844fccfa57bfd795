package io.qfleet.coordinator.demo;

import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.coordinator.pki.KeyAlgorithm;
import io.qfleet.coordinator.pki.LeafRequest;
import io.qfleet.coordinator.pki.PkiDirectory;
import io.qfleet.coordinator.pki.Validity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The demo's mTLS material, made with the same code as {@code qfleet pki} in {@code <workDir>/pki}: a CA,
 * one agent certificate per host naming its loopback address, the coordinator's client certificate, a token.
 */
final class DemoPki {
    private static final String CLIENT = "demo-coordinator";
    private static final int DAYS = 30;

    private final PkiDirectory pki;

    private DemoPki(PkiDirectory pki) {
        this.pki = pki;
    }

    static DemoPki create(Path workDir) {
        PkiDirectory pki = new PkiDirectory(workDir.resolve("pki"));
        Validity validity = Validity.days(Instant.now(), DAYS);
        pki.initCa("qfleet demo CA", KeyAlgorithm.EC, validity);
        pki.write(pki.clientCert(CLIENT), pki.clientKey(CLIENT), pki.ca().issue(
                new LeafRequest(CLIENT, LeafRequest.Purpose.CLIENT, List.of(), List.of(), KeyAlgorithm.EC, validity)));
        pki.newToken();
        return new DemoPki(pki);
    }

    /** Issues the certificate of the agent listening on {@code listenHost}; returns its cert and key files. */
    AgentTlsFiles issueAgent(String listenHost) {
        LeafRequest request = new LeafRequest(listenHost, LeafRequest.Purpose.SERVER, List.of(), List.of(listenHost),
                KeyAlgorithm.EC, Validity.days(Instant.now(), DAYS));
        List<Path> files = pki.write(pki.agentCert(listenHost), pki.agentKey(listenHost), pki.ca().issue(request));
        return new AgentTlsFiles(files.get(0), files.get(1), pki.caCert(), pki.token());
    }

    /** What an agent's settings name: its certificate and key, the CA of client certificates, the token file. */
    record AgentTlsFiles(Path cert, Path key, Path clientCa, Path tokenFile) {
    }

    PkiDirectory directory() {
        return pki;
    }

    Path clientCert() {
        return pki.clientCert(CLIENT);
    }

    Path clientKey() {
        return pki.clientKey(CLIENT);
    }

    /** The coordinator's side, as the demo's fleet file describes it. */
    AgentAccess access() {
        try {
            return AgentAccess.mutualTls(pki.caCert(), clientCert(), clientKey(), Files.readString(pki.token()).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pki.token(), e);
        }
    }
}
