package io.qfleet.agent.install;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.questdb.Edition;
import java.nio.file.Path;

/**
 * What an unpacked QuestDB distribution is, as {@link DistributionLayout#inspect} read it.
 *
 * @param layout {@link DistributionLayout#NO_JRE} or {@link DistributionLayout#RUNTIME}
 * @param version QuestDB version, or "" when the distribution does not say
 * @param edition Open Source or Enterprise; UNKNOWN when a runtime image does not say
 * @param main the {@code -m module/class} to launch, or "" when unknown
 * @param jar {@code questdb.jar} for the no-jre layout, else null
 * @param javaExecutable the bundled {@code bin/java} for the runtime layout, else null
 */
public record DistributionInfo(String layout, String version, Edition edition, String main, Path jar,
        Path javaExecutable) {
    public DistributionInfo {
        requireNonNull(layout, "layout");
        requireNonNull(version, "version");
        requireNonNull(edition, "edition");
        requireNonNull(main, "main");
    }
}
