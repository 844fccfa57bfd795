package io.qfleet.agent.questdb;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.serverconf.HostPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Health through the min HTTP server ({@code GET :9003/status}); healthy does not yet mean SQL-ready. */
public final class StatusProbe {
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // One client for the agent's life: a Java 17 HttpClient cannot be closed and keeps a selector thread.
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(MAX_CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private StatusProbe() {
    }

    /** One probe; never throws for network trouble, which is {@link ProbeResult#UNREACHABLE}. */
    public static ProbeResult probe(HostPort httpMin, Duration timeout) {
        requireNonNull(httpMin, "httpMin");
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + httpMin + "/status"))
                .timeout(timeout)
                .GET()
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return classify(response.statusCode(), response.body());
        } catch (IOException e) {
            return ProbeResult.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.UNREACHABLE;
        }
    }

    static ProbeResult classify(int status, String body) {
        if (status == 401) {
            return ProbeResult.AUTH_REQUIRED;
        }
        return status == 200 && body != null && body.contains("Healthy") ? ProbeResult.HEALTHY : ProbeResult.UNHEALTHY;
    }
}
