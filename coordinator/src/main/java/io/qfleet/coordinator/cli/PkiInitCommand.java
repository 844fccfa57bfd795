package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.pki.PkiDirectory;
import io.qfleet.coordinator.pki.Validity;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qfleet pki init}: a new CA, {@code ca.crt} (0644) and {@code ca.key} (0600). */
@Command(name = "init", description = {"Make the CA: ca.crt (give it to agents as tls.client_ca and to the fleet file "
        + "as agents.ca) and ca.key (0600; keep it off the agents)."})
public final class PkiInitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PkiOptions options;

    @Mixin
    private PkiOptions.KeyOption key;

    @Option(names = "--days", paramLabel = "N", defaultValue = "3650", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--name", paramLabel = "CN", defaultValue = "qfleet CA", description = "The CA's common name (default: ${DEFAULT-VALUE}).")
    private String name;

    @Override
    public Integer call() {
        options.makeDirectory();
        PkiDirectory pki = options.directory();
        options.refuseToOverwrite(spec, List.of(pki.caCert(), pki.caKey()));
        pki.initCa(name, key.algorithm, PkiValidity.days(spec, days, Instant.now()));
        PkiOptions.printWritten(spec, List.of(pki.caCert(), pki.caKey()));
        return ExitCodes.DONE;
    }
}
