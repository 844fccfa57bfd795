package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.serverconf.HostPort;
import io.qfleet.agent.serverconf.QuestDbEndpoints;
import io.qfleet.agent.tls.HandshakeResult;
import io.qfleet.agent.tls.HandshakeVerifier;
import io.qfleet.agent.tls.InstalledTls;
import io.qfleet.agent.tls.TlsChecks;
import io.qfleet.agent.tls.TlsInstaller;
import io.qfleet.agent.tls.TlsMaterial;
import io.qfleet.agent.tls.TlsProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Workflow step 9 (see {@code TlsSpec}): the material is read and checked on this host before
 * anything changes, installed under {@code <root>/conf/qfleet-tls/} (key 0600), then, depending on
 * the phase, named in server.conf, QuestDB restarted, and a handshake on the PG and HTTP ports
 * proves the installed leaf is what clients get.
 */
final class TlsStep implements OperationWork {
    static final String INSTALL_DIR = "qfleet-tls";
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final QuestDbHost host;
    private final OperationSpec.Tls spec;

    TlsStep(QuestDbHost host, OperationSpec.Tls spec) {
        this.host = host;
        this.spec = spec;
    }

    /** Refuses a spec that cannot work before it is stored. */
    static void validate(OperationSpec.Tls spec) {
        if (spec.phase() == null) {
            throw AgentException.invalidArgument("missing_field", "tls.phase is required (PREPARE, APPLY or VERIFY)");
        }
        if (!spec.demo() && (blank(spec.certPath()) || blank(spec.keyPath()) || blank(spec.hostAddress()))) {
            throw AgentException.invalidArgument("missing_field", "tls.cert_path, tls.key_path and tls.host_address are required"
                    + " unless tls.demo is set");
        }
        if (spec.expiryWindowDays() < 0) {
            throw AgentException.invalidArgument("bad_value", "tls.expiry_window_days: " + spec.expiryWindowDays() + " (expected: >= 0)");
        }
    }

    /**
     * How long every certificate must stay valid: the days as sent. The coordinator sends its default
     * (30) when the fleet file has none, so 0 is the operator's choice: only expired ones are refused.
     */
    static Duration expiryWindow(OperationSpec.Tls spec) {
        return Duration.ofDays(spec.expiryWindowDays());
    }

    @Override
    public OperationResult run(OperationContext context) {
        OperationResult.TlsDone prepared = prepare(context);
        if (spec.phase() == OperationSpec.TlsPhase.PREPARE) {
            return prepared;
        }
        if (spec.phase() == OperationSpec.TlsPhase.APPLY) {
            ConfChange.setAndRestart(host, TlsConfKeys.keys(prepared), DistributionLayout.describe(host.installDir()).edition(),
                    spec.stopTimeoutSeconds(), spec.healthTimeoutSeconds(), context);
        }
        String handshakes = handshakes(prepared, context);
        return new OperationResult.TlsDone(prepared.certPath(), prepared.keyPath(), prepared.leafSubject(), prepared.notAfter(),
                prepared.warnings(), handshakes, prepared.perEndpoint());
    }

    /** Checks and installs (PREPARE, APPLY); for VERIFY, reads back what PREPARE installed. */
    private OperationResult.TlsDone prepare(OperationContext context) {
        if (spec.demo()) {
            context.info("TLS demo mode: QuestDB generates a self-signed certificate at start (tests only)");
            return new OperationResult.TlsDone("", "", "", "", List.of("demo mode: self-signed, for tests only"), "", false);
        }
        Path dir = host.root().resolve("conf").resolve(INSTALL_DIR);
        if (spec.phase() == OperationSpec.TlsPhase.VERIFY) {
            TlsMaterial installed = TlsMaterial.load(dir.resolve(TlsInstaller.CERT_FILE), dir.resolve(TlsInstaller.KEY_FILE));
            return done(installed, new InstalledTls(installed.certFile(), installed.keyFile()), List.of());
        }
        TlsMaterial material = TlsMaterial.load(Path.of(spec.certPath()), Path.of(spec.keyPath()));
        List<TlsProblem> warnings = TlsChecks.requireValid(material, spec.hostAddress(), Clock.systemUTC(), expiryWindow(spec));
        warnings.forEach(w -> context.info("TLS warning: " + w));
        context.info("TLS material passes every check: " + material);
        InstalledTls installed = new TlsInstaller(host.root().resolve("conf")).install(material, dir);
        context.info("installed " + installed.certFile() + " (0644) and " + installed.keyFile() + " (0600)");
        return done(material, installed, warnings.stream().map(TlsProblem::toString).toList());
    }

    /**
     * The result PREPARE will give as far as server.conf cares (the plan's preview): demo mode, or the
     * files under {@code <root>/conf/qfleet-tls/} with symlinks resolved as far as they exist, as the
     * installer resolves them.
     */
    static OperationResult.TlsDone planned(QuestDbHost host, boolean demo, boolean perEndpoint) {
        if (demo) {
            return new OperationResult.TlsDone("", "", "", "", List.of(), "", false);
        }
        Path dir = realAsFarAsExists(host.root().toAbsolutePath().normalize().resolve("conf").resolve(INSTALL_DIR));
        return new OperationResult.TlsDone(dir.resolve(TlsInstaller.CERT_FILE).toString(), dir.resolve(TlsInstaller.KEY_FILE).toString(),
                "", "", List.of(), "", perEndpoint);
    }

    private static Path realAsFarAsExists(Path path) {
        Path existing = path;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            return path;
        }
    }

    private OperationResult.TlsDone done(TlsMaterial material, InstalledTls installed, List<String> warnings) {
        X509Certificate leaf = material.leaf();
        return new OperationResult.TlsDone(installed.certFile().toString(), installed.keyFile().toString(),
                leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant().toString(), warnings, "", spec.perEndpoint());
    }

    private String handshakes(OperationResult.TlsDone prepared, OperationContext context) {
        X509Certificate expected = prepared.certPath().isEmpty() ? null
                : TlsMaterial.load(Path.of(prepared.certPath()), Path.of(prepared.keyPath())).leaf();
        QuestDbEndpoints endpoints = host.endpoints();
        HostPort pg = endpoints.pg();
        HostPort http = endpoints.http();
        HandshakeResult pgResult = HandshakeVerifier.verifyPgWire(pg.host(), pg.port(), expected, HANDSHAKE_TIMEOUT);
        HandshakeResult httpResult = HandshakeVerifier.verify(http.host(), http.port(), expected, HANDSHAKE_TIMEOUT);
        String summary = "PG wire " + pgResult.protocol() + ", HTTP " + httpResult.protocol();
        context.info("TLS handshakes verified: " + summary + (expected == null ? " (demo certificate)" : ", installed leaf presented"));
        return summary;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
