package io.qfleet.agent.tls;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * Installs checked TLS material as {@code cert.pem} (the chain, 0644) and {@code key.pem} (0600) in
 * a directory inside the allowed root, each replaced atomically, both owned like the directory so
 * QuestDB's user can read them when the agent runs as root. What is written is exactly what was
 * checked: each certificate's DER and the key block's DER in the operator's form (PKCS#8, PKCS#1
 * or SEC1: an EC key keeps its embedded public key, which some TLS stacks require), as clean PEM
 * without comments, bag attributes or other blocks. Restart QuestDB (or run
 * {@code SELECT reload_tls();}) to use them.
 */
public final class TlsInstaller {
    public static final String CERT_FILE = "cert.pem";
    public static final String KEY_FILE = "key.pem";
    static final Set<PosixFilePermission> CERT_MODE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path allowedRoot;

    /** @param allowedRoot the only tree the installer writes into, e.g. the QuestDB root's {@code conf} dir */
    public TlsInstaller(Path allowedRoot) {
        this.allowedRoot = requireNonNull(allowedRoot, "allowedRoot").toAbsolutePath().normalize();
    }

    /** Loads (see {@link TlsMaterial#load}) and installs; run {@link TlsChecks} on the material first. */
    public InstalledTls install(Path certPem, Path keyPem, Path targetDir) {
        return install(TlsMaterial.load(certPem, keyPem), targetDir);
    }

    /**
     * Writes the key, then the chain. INVALID_ARGUMENT {@code path_not_allowed} for a target dir
     * outside the allowed root (as written, or once symlinks are resolved); FAILED_PRECONDITION
     * {@code tls_owner} when the files cannot be given the directory's owner; INTERNAL
     * {@code tls_install_failed} on an I/O failure (a failure writing the chain leaves the new key).
     */
    public InstalledTls install(TlsMaterial material, Path targetDir) {
        requireNonNull(material, "material");
        Path dir = InstallDir.prepare(allowedRoot, requireNonNull(targetDir, "targetDir"));
        PosixFileAttributes dirAttributes = dirAttributes(dir);
        Path keyFile = dir.resolve(KEY_FILE);
        Path certFile = dir.resolve(CERT_FILE);
        byte[] key = pem(material.keyPemType(), material.keyDer());
        try {
            PrivateFiles.write(keyFile, key, KEY_MODE, dirAttributes.owner(), dirAttributes.group());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        try {
            AtomicFiles.write(certFile, chainPem(material));
            PrivateFiles.setAttributes(certFile, CERT_MODE, dirAttributes.owner(), dirAttributes.group());
        } catch (IOException e) {
            throw AgentException.internal("tls_install_failed", "cannot write " + certFile + " (" + keyFile
                    + " is already the new key): " + e.getClass().getSimpleName(), e);
        }
        return new InstalledTls(certFile, keyFile);
    }

    private static PosixFileAttributes dirAttributes(Path dir) {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw AgentException.failedPrecondition("posix_permissions_unsupported", "target dir " + dir
                    + " is on a filesystem without POSIX permissions; the key needs mode 0600");
        }
        try {
            return view.readAttributes();
        } catch (IOException e) {
            throw AgentException.internal("tls_install_failed", "cannot read the owner of " + dir + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static byte[] chainPem(TlsMaterial material) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : material.chain()) {
            try {
                out.append(new String(pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII));
            } catch (CertificateEncodingException e) {
                throw AgentException.internal("tls_install_failed", "cannot encode certificate "
                        + CertificateLabel.of(certificate), e);
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** PEM text built in byte arrays (no String copy of a key), base64 in lines of 64 as OpenSSL writes it. */
    static byte[] pem(String type, byte[] der) {
        byte[] begin = ("-----BEGIN " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der);
        byte[] end = ("\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[begin.length + body.length + end.length];
        System.arraycopy(begin, 0, out, 0, begin.length);
        System.arraycopy(body, 0, out, begin.length, body.length);
        System.arraycopy(end, 0, out, begin.length + body.length, end.length);
        Arrays.fill(body, (byte) 0);
        Arrays.fill(der, (byte) 0);
        return out;
    }
}
