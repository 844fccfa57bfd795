package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.pki.PkiDirectory;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code qfleet pki token}: a new bearer token in {@code DIR/token}, 0600; it is never printed. */
@Command(name = "token", description = {"Make a bearer token (256 random bits) in DIR/token (0600). Copy it to each agent's "
        + "token_file and point the fleet file's agents.token at it: token: $${file:qfleet-pki/token}."})
public final class PkiTokenCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PkiOptions options;

    @Override
    public Integer call() {
        options.makeDirectory();
        PkiDirectory pki = options.directory();
        options.refuseToOverwrite(spec, List.of(pki.token()));
        PkiOptions.printWritten(spec, List.of(pki.newToken()));
        return ExitCodes.DONE;
    }
}
