package io.qfleet.agent.tls;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Where {@link TlsInstaller} put the files: the values for {@code tls.cert.path} and {@code tls.private.key.path}. */
public record InstalledTls(Path certFile, Path keyFile) {
    public InstalledTls {
        requireNonNull(certFile, "certFile");
        requireNonNull(keyFile, "keyFile");
    }
}
