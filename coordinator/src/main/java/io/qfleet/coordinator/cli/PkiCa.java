package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.pki.CertificateAuthority;
import io.qfleet.coordinator.pki.PkiDirectory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The CA an issuing command signs with; a missing or broken CA is a usage error naming the files. */
final class PkiCa {
    private PkiCa() {
    }

    static CertificateAuthority load(CommandSpec spec, PkiDirectory pki) {
        try {
            return pki.ca();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
