package io.qfleet.agent.questdb;

/** Outcome of {@link StatusProbe#probe}: healthy, or why not. */
public enum ProbeResult {
    /** 200 and a body saying "Healthy". */
    HEALTHY,
    /** Answering, but not healthy (another status or body). */
    UNHEALTHY,
    /** 401: answering, but basic auth or ACL guards {@code /status} ({@code http.health.check.authentication.required}). */
    AUTH_REQUIRED,
    /** No HTTP answer: refused, timed out, reset. */
    UNREACHABLE
}
