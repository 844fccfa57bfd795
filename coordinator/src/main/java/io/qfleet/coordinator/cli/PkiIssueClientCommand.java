package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.pki.LeafRequest;
import io.qfleet.coordinator.pki.PkiDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code qfleet pki issue-client [NAME]}: the coordinator's client certificate. */
@Command(name = "issue-client", description = {"Issue the coordinator's client certificate (clientAuth) signed by the CA: "
        + "client-NAME.crt and client-NAME.key (0600), for the fleet file's agents.client_cert and agents.client_key."})
public final class PkiIssueClientCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");

    @Spec
    private CommandSpec spec;

    @Mixin
    private PkiOptions options;

    @Mixin
    private PkiOptions.LeafOptions leaf;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", defaultValue = "coordinator",
            description = "Who connects with it, e.g. an operator's name (default: ${DEFAULT-VALUE}).")
    private String name;

    @Override
    public Integer call() {
        if (!NAME.matcher(name).matches()) {
            throw new ParameterException(spec.commandLine(), "NAME: '" + name
                    + "' (expected 1-63 of a-z, 0-9, '.' and '-', starting with a letter or digit)");
        }
        PkiDirectory pki = options.directory();
        List<Path> files = List.of(pki.clientCert(name), pki.clientKey(name));
        options.refuseToOverwrite(spec, files);
        LeafRequest request = new LeafRequest(name, LeafRequest.Purpose.CLIENT, List.of(), List.of(), leaf.key.algorithm,
                leaf.validity(spec));
        PkiOptions.printWritten(spec, pki.write(files.get(0), files.get(1), PkiCa.load(spec, pki).issue(request)));
        return ExitCodes.DONE;
    }
}
