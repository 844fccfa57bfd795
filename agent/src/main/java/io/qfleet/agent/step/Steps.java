package io.qfleet.agent.step;

import java.time.Duration;

/** Small rules shared by the steps. */
final class Steps {
    private Steps() {}

    /** A timeout from a spec, where 0 (unset on the wire) means the step's default. */
    static Duration timeout(int seconds, int defaultSeconds) {
        return Duration.ofSeconds(seconds > 0 ? seconds : defaultSeconds);
    }
}
