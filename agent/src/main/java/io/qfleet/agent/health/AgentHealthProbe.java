package io.qfleet.agent.health;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Polls {@code grpc.health.v1.Health/Check} (the whole server, service "") on one channel until it
 * answers SERVING or the timeout passes. Each call has its own short deadline, so a listener that
 * accepts but never answers cannot hold the probe past its timeout. A failed TLS handshake ends the
 * probe at once: waiting does not change certificates.
 */
public final class AgentHealthProbe {
    static final Duration CALL_DEADLINE = Duration.ofSeconds(2);
    static final Duration PAUSE = Duration.ofMillis(200);
    /** Codes of an agent that is not up yet (or is going down); anything else means another server answers. */
    private static final Set<Status.Code> NOT_YET = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

    private final ManagedChannel channel;
    private final String target;
    private final String handshakeHint;

    public AgentHealthProbe(ManagedChannel channel, String target) {
        this(channel, target, "");
    }

    /** {@code handshakeHint} ends the message of a failed TLS handshake: what the operator can check. */
    public AgentHealthProbe(ManagedChannel channel, String target, String handshakeHint) {
        this.channel = requireNonNull(channel, "channel");
        this.target = requireNonNull(target, "target");
        this.handshakeHint = requireNonNull(handshakeHint, "handshakeHint");
    }

    /** The outcome: serving, or why not, as one line naming the address. */
    public record Outcome(boolean serving, String message) {}

    public Outcome awaitServing(Duration timeout) throws InterruptedException {
        requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Outcome(false, "agent at " + target + " not SERVING after " + timeout.toSeconds() + " s (last: "
                        + last + ")");
            }
            // A refused connect puts the channel in backoff (1 s, then longer): retry at our own pace instead.
            channel.resetConnectBackoff();
            boolean clipped = left < CALL_DEADLINE.toNanos();
            try {
                ServingStatus status = HealthGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(Math.min(left, CALL_DEADLINE.toNanos()), TimeUnit.NANOSECONDS)
                        .check(HealthCheckRequest.getDefaultInstance())
                        .getStatus();
                if (status == ServingStatus.SERVING) {
                    return new Outcome(true, "agent at " + target + " is SERVING");
                }
                last = status.name();
            } catch (StatusRuntimeException e) {
                Status status = e.getStatus();
                SSLException handshake = tlsFailure(status.getCause());
                if (handshake != null) {
                    return new Outcome(false, "TLS handshake with the agent at " + target + " failed: " + handshake.getMessage()
                            + handshakeHint);
                }
                if (!NOT_YET.contains(status.getCode())) {
                    return new Outcome(false, "agent at " + target + " answered " + status.getCode()
                            + " to grpc.health.v1 (is another server listening there?)");
                }
                if (!(clipped && status.getCode() == Status.Code.DEADLINE_EXCEEDED)) { // cut short by our timeout: says nothing new
                    last = describe(status);
                }
            }
            Thread.sleep(Math.max(0, Math.min(PAUSE.toMillis(), TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        }
    }

    private static SSLException tlsFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    /** "UNAVAILABLE: io exception (Connection refused: /127.0.0.1:7443)": the cause says what the description does not. */
    private static String describe(Status status) {
        String text = status.getCode().name();
        if (status.getDescription() != null) {
            text += ": " + status.getDescription();
        }
        if (status.getCause() != null && status.getCause().getMessage() != null) {
            text += " (" + status.getCause().getMessage() + ")";
        }
        return text;
    }
}
