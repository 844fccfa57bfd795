package io.qfleet.agent.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes a rename durable: a rename lives in the directory, so the directory itself is synced. */
final class Fsync {
    private Fsync() {
    }

    static void directory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some filesystems refuse fsync on a directory. The rename already happened and is
            // visible; only its durability across a power loss is weaker there.
        }
    }
}
