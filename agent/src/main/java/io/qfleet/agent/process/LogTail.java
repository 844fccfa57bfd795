package io.qfleet.agent.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The last lines of a log file, reading at most {@link #MAX_BYTES} from its end whatever its size. */
final class LogTail {
    static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    static Optional<String> read(Path file, int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException("lines: " + lines + " (expected: > 0)");
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            long start = Math.max(0, size - MAX_BYTES);
            channel.position(start);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // a growing file: read what was there when we looked
            }
            List<String> all = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines().toList();
            if (start > 0 && !all.isEmpty()) {
                all = all.subList(1, all.size()); // the first line was cut in the middle
            }
            if (all.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException e) {
            return Optional.empty(); // no log (yet): the caller reports the failure without a tail
        }
    }
}
