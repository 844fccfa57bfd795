package io.qfleet.agent.backup;

import io.qfleet.agent.AgentException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Per-file content digest of the manifest. SHA-256 by default: it also catches deliberate
 * tampering, and on this hardware it costs little next to compression (BackupBenchmark prints
 * both). CRC32C (hardware-accelerated) is kept for hosts where SHA-256 would be the bottleneck.
 */
abstract class ContentDigest {
    static final String SHA_256 = "SHA-256";
    static final String CRC32C_NAME = "CRC32C";

    abstract void update(byte[] bytes, int offset, int length);

    /** The lower-case hex digest of everything since the last call; the digest is then reset. */
    abstract String finish();

    static ContentDigest of(String algorithm) {
        if (CRC32C_NAME.equals(algorithm)) {
            return new Crc();
        }
        if (SHA_256.equals(algorithm)) {
            try {
                return new Sha(MessageDigest.getInstance(SHA_256));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
        throw AgentException.failedPrecondition("backup_corrupt", "unknown digest algorithm '" + algorithm + "' in the manifest");
    }

    private static final class Sha extends ContentDigest {
        private final MessageDigest digest;

        Sha(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        String finish() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static final class Crc extends ContentDigest {
        private final CRC32C crc = new CRC32C();

        @Override
        void update(byte[] bytes, int offset, int length) {
            crc.update(bytes, offset, length);
        }

        @Override
        String finish() {
            String hex = String.format("%08x", crc.getValue());
            crc.reset();
            return hex;
        }
    }
}
