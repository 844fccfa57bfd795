package io.qfleet.agent.secrets;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.qfleet.agent.AgentException;

/**
 * A secret inside an operation spec (an admin password). The agent stores every spec on disk and
 * compares specs to recognise a repeated start, so this type serialises to a keyed fingerprint
 * ({@link Fingerprints}) instead of the value, and compares by it. A spec read back from disk
 * holds only the fingerprint: {@link #reveal()} then fails, which only a restarted agent re-running
 * an old operation could hit (it never does: it marks such operations failed). {@link #toString()}
 * is {@code ***}.
 */
public final class SecretText {
    private final String value;
    private final String fingerprint;

    private SecretText(String value, String fingerprint) {
        this.value = value;
        this.fingerprint = fingerprint;
    }

    public static SecretText of(String value) {
        requireNonNull(value, "value");
        return new SecretText(value, Fingerprints.of(value));
    }

    /** A secret as stored: its fingerprint only. */
    @JsonCreator
    static SecretText stored(String fingerprint) {
        return new SecretText(null, requireNonNull(fingerprint, "fingerprint"));
    }

    @JsonValue
    public String fingerprint() {
        return fingerprint;
    }

    /** The value, for the one place that must send it (a SQL literal, a conf line, a login). */
    public String reveal() {
        if (value == null) {
            throw AgentException.failedPrecondition("secret_unavailable",
                    "this operation's secret was not kept on disk; start the step again under a new operation id");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretText other && fingerprint.equals(other.fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "***";
    }
}
