package io.qfleet.coordinator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A directory nobody may write in, root included: {@code chattr +i} while open, cleared again on
 * close. The tests run as root, for whom every mode bit allows writing, so a guard that asks
 * {@code Files.isWritable} is only ever told "no" this way. Where the file system or the user
 * cannot set the flag, the test is skipped and says why.
 */
final class ImmutableDirectory implements AutoCloseable {
    private final Path dir;

    private ImmutableDirectory(Path dir) {
        this.dir = dir;
    }

    static ImmutableDirectory of(Path dir) throws IOException {
        String failed = chattr("+i", dir);
        Assumptions.assumeTrue(failed == null, () -> "chattr +i " + dir + " is not possible here: " + failed);
        return new ImmutableDirectory(dir);
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        String failed = chattr("-i", dir);
        if (failed != null) {
            throw new IOException("chattr -i " + dir + ": " + failed);
        }
    }

    /** Null when chattr did it, else what it printed. */
    private static String chattr(String flag, Path dir) throws IOException {
        Process chattr = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
        String said = new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return chattr.waitFor() == 0 ? null : said.isEmpty() ? "exit " + chattr.exitValue() : said;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for chattr " + flag + " " + dir, e);
        }
    }
}
