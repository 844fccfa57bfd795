package io.qfleet.coordinator.fleet;

import io.qfleet.coordinator.fleet.FleetDocument.RolloutDocument;
import io.qfleet.coordinator.fleet.Rollout.WaveSize;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks the {@code rollout} section: wave sizes as counts or percentages, limits positive. */
final class RolloutValidator {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,6})(%?)");

    private final Problems problems;

    RolloutValidator(Problems problems) {
        this.problems = problems;
    }

    Rollout rollout(RolloutDocument document, KeyPath path) {
        Rollout defaults = Rollout.DEFAULTS;
        if (document == null) {
            return defaults;
        }
        int stageParallelism = positive(document.stageParallelism(), path.key("stage_parallelism"), defaults.stageParallelism());
        int maxUnavailable = positive(document.maxUnavailable(), path.key("max_unavailable"), defaults.maxUnavailable());
        List<WaveSize> waves = document.waves() == null ? defaults.waves() : waves(document.waves(), path.key("waves"));
        WaveSize maxFailures = document.maxFailures() == null
                ? defaults.maxFailures() : size(document.maxFailures(), path.key("max_failures"), true);
        return new Rollout(stageParallelism, waves, maxUnavailable, maxFailures);
    }

    private List<WaveSize> waves(List<String> values, KeyPath path) {
        if (values.isEmpty()) {
            throw problems.at(path, "the list is empty (expected e.g. [1, 10%, 50%, 100%])");
        }
        List<WaveSize> waves = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            WaveSize wave = size(values.get(i), path.index(i), false);
            if (wave.percent() && wave.value() > 100) {
                throw problems.at(path.index(i), wave + " is over 100%");
            }
            waves.add(wave);
        }
        return waves;
    }

    private WaveSize size(String value, KeyPath path, boolean zeroAllowed) {
        Matcher m = SIZE.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw problems.at(path, problems.shown(path, String.valueOf(value))
                    + " is not a host count or a percentage (expected e.g. 2 or 10%)");
        }
        int number = Integer.parseInt(m.group(1));
        if (number == 0 && !zeroAllowed) {
            throw problems.at(path, "0 hosts (expected at least 1 or 1%)");
        }
        return m.group(2).isEmpty() ? WaveSize.count(number) : WaveSize.percent(Math.min(number, 100));
    }

    private int positive(Integer value, KeyPath path, int defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        if (value <= 0) {
            throw problems.at(path, value + " is not positive (expected a whole number > 0)");
        }
        return value;
    }
}
