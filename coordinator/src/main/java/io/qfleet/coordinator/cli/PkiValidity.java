package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.pki.Validity;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code --days N} as a {@link Validity} starting now, or a usage error. */
final class PkiValidity {
    private PkiValidity() {
    }

    static Validity days(CommandSpec spec, int days, Instant now) {
        if (days < 1 || days > 36_500) {
            throw new ParameterException(spec.commandLine(), "--days: " + days + " (expected 1-36500)");
        }
        return Validity.days(now, days);
    }
}
