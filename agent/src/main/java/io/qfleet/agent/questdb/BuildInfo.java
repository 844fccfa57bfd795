package io.qfleet.agent.questdb;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code SELECT build()} says about a running server, e.g.
 * {@code Build Information: QuestDB 9.2.2, JDK 17.0.9, Commit Hash 737d8672...}.
 *
 * @param raw     the text as returned
 * @param version e.g. {@code 9.2.2} (OSS) or {@code 3.1.1} (Enterprise has its own series); empty when unknown
 * @param edition from the word between "QuestDB" and the version
 */
public record BuildInfo(String raw, String version, Edition edition) {
    // The regex QuestDB's web console uses (questdb/ui), so we agree with what operators see.
    private static final Pattern BUILD = Pattern.compile("Build Information: QuestDB ([\\w- ]+ )?([0-9A-Za-z.-]*),");

    public BuildInfo {
        requireNonNull(raw, "raw");
        requireNonNull(version, "version");
        requireNonNull(edition, "edition");
    }

    public static BuildInfo parse(String buildText) {
        requireNonNull(buildText, "buildText");
        Matcher m = BUILD.matcher(buildText);
        if (!m.find()) {
            return new BuildInfo(buildText, "", Edition.UNKNOWN);
        }
        String qualifier = m.group(1) == null ? "" : m.group(1).strip().toLowerCase(Locale.ROOT);
        Edition edition;
        if (qualifier.isEmpty()) {
            edition = Edition.OPEN_SOURCE;
        } else if (qualifier.startsWith("enterprise")) {
            // "Enterprise", "Enterprise Pro", "Enterprise Ultimate"
            edition = Edition.ENTERPRISE;
        } else {
            edition = Edition.UNKNOWN;
        }
        return new BuildInfo(buildText, m.group(2), edition);
    }
}
