package io.qfleet.agent.settings;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** The {@code questdb.run} setting and the keys that belong to each mode. */
final class RunModes {
    static final String DIRECT = "direct";
    static final String SYSTEMD = "systemd";
    private static final Path DEFAULT_SYSTEMCTL = Path.of("/usr/bin/systemctl");
    private static final Path UNIT_DIR = Path.of("/etc/systemd/system");
    /** A service unit name; a leading '-' could pass for a systemctl option, so letters or digits come first. */
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_.@\\\\-]{0,240}\\.service");

    private RunModes() {
    }

    /** The keys as written; null where absent. */
    record Raw(String run, String unit, String systemctl, String dropInDir, boolean javaGiven, boolean jvmArgsGiven) {
    }

    static String run(String file, Raw raw) {
        String run = raw.run() == null ? DIRECT : raw.run();
        if (!run.equals(DIRECT) && !run.equals(SYSTEMD)) {
            throw new SettingsException(file + ": questdb.run: '" + run + "' is not supported (expected: direct or systemd)");
        }
        return run;
    }

    /** The unit settings for {@code run: systemd}, null for {@code direct}; keys of the other mode are refused. */
    static AgentSettings.Systemd systemd(String file, Raw raw) {
        if (run(file, raw).equals(DIRECT)) {
            requireAbsent(file, "questdb.unit", raw.unit() != null);
            requireAbsent(file, "questdb.systemctl", raw.systemctl() != null);
            requireAbsent(file, "questdb.drop_in_dir", raw.dropInDir() != null);
            return null;
        }
        if (raw.javaGiven() || raw.jvmArgsGiven()) {
            throw new SettingsException(file + ": questdb." + (raw.javaGiven() ? "java" : "jvm_args") + ": not used with run: systemd"
                    + " (the unit's ExecStart holds the java command and its options); remove it");
        }
        if (raw.unit() == null || raw.unit().isBlank()) {
            throw new SettingsException(file + ": missing key 'questdb.unit' (the systemd unit that runs QuestDB, e.g. questdb.service)");
        }
        String unit = raw.unit().strip();
        if (!UNIT.matcher(unit).matches()) {
            throw new SettingsException(file + ": questdb.unit: '" + unit + "' is not a service unit name (expected e.g. questdb.service)");
        }
        Path systemctl = raw.systemctl() == null ? DEFAULT_SYSTEMCTL : SettingsLoader.absolute(file, "questdb.systemctl", raw.systemctl());
        Path dropInDir = raw.dropInDir() == null ? UNIT_DIR.resolve(unit + ".d") : SettingsLoader.absolute(file, "questdb.drop_in_dir", raw.dropInDir());
        if (dropInDir.getFileName() == null || !dropInDir.getFileName().toString().equals(unit + ".d")) {
            throw new SettingsException(file + ": questdb.drop_in_dir: '" + dropInDir + "' is not named " + unit
                    + ".d; systemd reads a unit's drop-ins only from such a directory");
        }
        return new AgentSettings.Systemd(unit, systemctl, dropInDir);
    }

    private static void requireAbsent(String file, String key, boolean present) {
        if (present) {
            throw new SettingsException(file + ": " + key + ": only used with run: systemd (questdb.run is direct)");
        }
    }
}
