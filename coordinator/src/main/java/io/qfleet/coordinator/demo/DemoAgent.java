package io.qfleet.coordinator.demo;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Waiting for an agent: it prints {@code SERVING <host>:<port>} once its gRPC server listens. */
final class DemoAgent {
    private static final Pattern SERVING = Pattern.compile("(?m)^SERVING (\\S+):(\\d+)\\s*$");
    private static final long POLL_MILLIS = 100;

    private DemoAgent() {
    }

    record Address(String host, int port) {
    }

    /** Polls the agent's log for the SERVING line; fails at once when the agent exits first. */
    static Address awaitServing(ChildProcess agent, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (agent.exitCode().isPresent()) {
                throw agent.failure("exited");
            }
            Optional<Address> address = serving(agent.log());
            if (address.isPresent()) {
                return address.get();
            }
            if (System.nanoTime() > deadline) {
                throw agent.failure("printed no SERVING line within " + timeout.toSeconds() + " s");
            }
            DemoQuestDb.sleep(POLL_MILLIS);
        }
    }

    static Optional<Address> serving(Path log) {
        String text;
        try {
            text = Files.readString(log, ISO_8859_1); // unlike UTF-8, never fails on odd bytes
        } catch (IOException e) {
            return Optional.empty(); // not written yet
        }
        Matcher matcher = SERVING.matcher(text);
        return matcher.find() ? Optional.of(new Address(matcher.group(1), Integer.parseInt(matcher.group(2)))) : Optional.empty();
    }
}
