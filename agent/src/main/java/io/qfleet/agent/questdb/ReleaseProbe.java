package io.qfleet.agent.questdb;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.serverconf.HostPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The edition as the web console reads it: {@code GET :9000/settings} answers
 * {@code {"config":{"release.type":"OSS","release.version":"9.2.2",...}}} (observed on 9.2.2, no
 * auth needed even with {@code http.user} set); the console types it {@code "OSS" | "EE"}; 7.x
 * answers {@code {}} (QUESTDB.md section 4, "Identity"). A second opinion beside {@code build()},
 * whose Enterprise wording has never been observed.
 */
public final class ReleaseProbe {
    private static final Pattern RELEASE_TYPE = Pattern.compile("\"release\\.type\"\\s*:\\s*\"([A-Za-z]{1,16})\"");

    private ReleaseProbe() {
    }

    /** {@code release.type} upper-cased ("OSS", "EE"), or "" when the server does not say or does not answer. */
    public static String releaseType(HostPort http, Duration timeout) {
        requireNonNull(http, "http");
        requireNonNull(timeout, "timeout");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + http + "/settings")).timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = StatusProbe.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static String parse(String body) {
        Matcher m = RELEASE_TYPE.matcher(body == null ? "" : body);
        return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "";
    }

    /** What {@code release.type} says about the edition; UNKNOWN for "" or a value the console does not know. */
    public static Edition edition(String releaseType) {
        return switch (releaseType) {
            case "OSS" -> Edition.OPEN_SOURCE;
            case "EE" -> Edition.ENTERPRISE;
            default -> Edition.UNKNOWN;
        };
    }
}
