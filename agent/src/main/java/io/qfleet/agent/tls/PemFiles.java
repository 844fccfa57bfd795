package io.qfleet.agent.tls;

import io.qfleet.agent.AgentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads the two PEM files. Messages name the file and what was expected; they never quote the
 * file, nor the parser's own message (which could echo what it read), so no key material leaks.
 */
final class PemFiles {
    /** Far above any real chain or key; stops a wrong path (a log, a device) from being read whole. */
    static final int MAX_BYTES = 1 << 20;
    private static final String KEY_FORMS = "BEGIN PRIVATE KEY (PKCS#8), BEGIN RSA PRIVATE KEY (PKCS#1) or BEGIN EC PRIVATE KEY (SEC1)";

    private PemFiles() {
    }

    static List<X509Certificate> readChain(Path certFile) {
        List<Object> objects = parse(read(certFile, "cert file"), certFile, "cert file");
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> chain = new ArrayList<>();
        for (Object object : objects) {
            if (isPrivateKey(object)) {
                throw AgentException.invalidArgument("tls_key_in_cert_file", "cert file " + certFile
                        + " holds a private key; it would be installed readable by all (0644): keep the key in the key file only");
            }
            if (object instanceof X509CertificateHolder holder) {
                try {
                    chain.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw unreadable("cert file " + certFile + ": certificate " + (chain.size() + 1)
                            + " is not a valid X.509 certificate");
                }
            }
        }
        if (chain.isEmpty()) {
            throw unreadable("cert file " + certFile + " holds no certificate (expected BEGIN CERTIFICATE blocks, leaf first)");
        }
        return List.copyOf(chain);
    }

    /** The one private key, and its PEM block as written (type and DER), which is what gets installed. */
    record KeyBlock(PrivateKey key, String type, byte[] der) {
        @Override
        public String toString() {
            return "KeyBlock[" + type + ", " + key.getAlgorithm() + "]"; // never the key itself
        }
    }

    static KeyBlock readPrivateKey(Path keyFile) {
        byte[] bytes = read(keyFile, "key file");
        List<Object> objects = parse(bytes, keyFile, "key file");
        List<PrivateKeyInfo> keys = new ArrayList<>();
        for (Object object : objects) {
            if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw AgentException.invalidArgument("tls_key_encrypted", "key file " + keyFile
                        + " holds an encrypted private key; QuestDB reads only unencrypted keys (" + KEY_FORMS + ")");
            }
            if (object instanceof PEMKeyPair pair) {
                keys.add(pair.getPrivateKeyInfo());
            } else if (object instanceof PrivateKeyInfo info) {
                keys.add(info);
            }
        }
        if (keys.size() != 1) {
            throw unreadable("key file " + keyFile + " holds " + keys.size() + " private keys (expected one: " + KEY_FORMS + ")");
        }
        PrivateKey key;
        try {
            key = new JcaPEMKeyConverter().getPrivateKey(keys.get(0));
        } catch (IOException | RuntimeException e) {
            throw unreadable("key file " + keyFile + ": the JDK cannot read its private key (algorithm "
                    + keys.get(0).getPrivateKeyAlgorithm().getAlgorithm().getId() + ")");
        }
        PemObject block = keyBlock(bytes, keyFile);
        return new KeyBlock(key, block.getType(), block.getContent());
    }

    /** The raw block behind the one key {@link #parse} found: same bytes, read without interpretation. */
    private static PemObject keyBlock(byte[] bytes, Path keyFile) {
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                if (block.getType().endsWith("PRIVATE KEY") && !block.getType().startsWith("ENCRYPTED")) {
                    blocks.add(block);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable("key file " + keyFile + " is not valid PEM");
        }
        if (blocks.size() != 1) {
            throw unreadable("key file " + keyFile + " holds " + blocks.size() + " private key blocks (expected one: " + KEY_FORMS + ")");
        }
        return blocks.get(0);
    }

    private static boolean isPrivateKey(Object object) {
        return object instanceof PEMKeyPair || object instanceof PrivateKeyInfo
                || object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    /** Every PEM object in the file; other blocks (EC PARAMETERS, a public key) come back as other types. */
    private static List<Object> parse(byte[] bytes, Path file, String what) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(what + " " + file + " is not valid PEM (a block's type, header, base64 or DER is not understood)");
        }
        return objects;
    }

    private static byte[] read(Path file, String what) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw unreadable("cannot read " + what + " " + file + ": " + e.getClass().getSimpleName());
        }
        if (bytes.length > MAX_BYTES) {
            throw unreadable(what + " " + file + " is larger than " + MAX_BYTES + " bytes; not a PEM file");
        }
        return bytes;
    }

    private static AgentException unreadable(String message) {
        return AgentException.invalidArgument("tls_unreadable", message);
    }
}
