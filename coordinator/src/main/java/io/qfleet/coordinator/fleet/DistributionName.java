package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What QuestDB's own tarball names say (QUESTDB.md, "Tarballs"): Open Source
 * {@code questdb-<v>-rt-linux-x86-64.tar.gz} (ARM {@code -rt-linux-aarch64}) and
 * {@code questdb-<v>-no-jre-bin.tar.gz}; Enterprise {@code questdb-enterprise-<v>-rt-linux-amd64.tar.gz}
 * (note amd64) or {@code -rt-linux-aarch64}. A renamed file says nothing: edition and arch are then "".
 *
 * @param edition "enterprise", "open source", or "" when the name does not follow QuestDB's
 * @param version the version in the name, or ""
 * @param arch "amd64" or "aarch64" for a runtime tarball (x86-64 and amd64 are one), "" otherwise
 */
public record DistributionName(String edition, String version, String arch) {
    public static final String ENTERPRISE = "enterprise";
    public static final String OPEN_SOURCE = "open source";
    private static final Pattern NAME = Pattern.compile(
            "questdb-(enterprise-)?([0-9][0-9A-Za-z.]*(?:-SNAPSHOT)?)-(?:rt-linux-(x86-64|amd64|aarch64)|no-jre-bin)\\.tar\\.gz");

    public DistributionName {
        requireNonNull(edition, "edition");
        requireNonNull(version, "version");
        requireNonNull(arch, "arch");
    }

    public static DistributionName of(Path distribution) {
        Path name = requireNonNull(distribution, "distribution").getFileName();
        Matcher m = NAME.matcher(name == null ? "" : name.toString());
        if (!m.matches()) {
            return new DistributionName("", "", "");
        }
        String arch = m.group(3) == null ? "" : m.group(3).equals("aarch64") ? "aarch64" : "amd64";
        return new DistributionName(m.group(1) != null ? ENTERPRISE : OPEN_SOURCE, m.group(2), arch);
    }
}
