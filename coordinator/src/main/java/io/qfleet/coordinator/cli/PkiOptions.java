package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.pki.KeyAlgorithm;
import io.qfleet.coordinator.pki.PkiDirectory;
import io.qfleet.coordinator.pki.PkiFiles;
import io.qfleet.coordinator.pki.Validity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --dir} and {@code --force}, shared by every {@code qfleet pki} command. */
public final class PkiOptions {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "qfleet-pki",
            description = "Directory of the CA and the files made from it (default: ${DEFAULT-VALUE}).")
    private Path dir;

    @Option(names = "--force", description = "Replace files that exist (default: refuse).")
    private boolean force;

    PkiDirectory directory() {
        return new PkiDirectory(dir);
    }

    /** Makes --dir if missing, for a command that starts it (init, token); one that cannot be made ends the command in one line. */
    void makeDirectory() {
        MadeDirectory.make("--dir " + dir, dir, "");
    }

    /** Refuses, before anything is written, when one of {@code files} exists and --force was not given. */
    void refuseToOverwrite(CommandSpec spec, List<Path> files) {
        if (force) {
            return;
        }
        PkiFiles.firstExisting(files).ifPresent(file -> {
            throw new ParameterException(spec.commandLine(), file + " exists (pass --force to replace it)");
        });
    }

    static void printWritten(CommandSpec spec, List<Path> files) {
        PrintWriter out = spec.commandLine().getOut();
        files.forEach(file -> out.println(file));
        out.flush();
    }

    /** {@code --key} and {@code --days} of a leaf certificate (agent or client). */
    static final class LeafOptions {
        @Mixin
        KeyOption key;

        @Option(names = "--days", paramLabel = "N", defaultValue = "825", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        Validity validity(CommandSpec spec) {
            return PkiValidity.days(spec, days, Instant.now());
        }
    }

    /** {@code --key}: the key type of what the command makes. */
    static final class KeyOption {
        @Option(names = "--key", paramLabel = "ec|rsa", defaultValue = "ec", converter = KeyAlgorithmConverter.class,
                description = "Key type: ec (P-256, default) or rsa (3072 bits).")
        KeyAlgorithm algorithm;
    }

    static final class KeyAlgorithmConverter implements picocli.CommandLine.ITypeConverter<KeyAlgorithm> {
        @Override
        public KeyAlgorithm convert(String value) {
            return switch (value) {
                case "ec" -> KeyAlgorithm.EC;
                case "rsa" -> KeyAlgorithm.RSA;
                default -> throw new picocli.CommandLine.TypeConversionException("'" + value + "' (expected ec or rsa)");
            };
        }
    }
}
