package io.qfleet.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The polkit rule of ADR 0001, evaluated by Node.js against FakePolkit: a stand-in for polkitd's
 * JavaScript API ({@code polkit.addRule}, {@code polkit.Result}, {@code action.lookup}), since no
 * polkitd and no system bus run here. Only questdb may start, stop or restart questdb.service, and
 * reload systemd's unit files (daemon-reload, after the agent writes its drop-in).
 */
class PolkitRuleTest {
    /** Loads the rule into FakePolkit and prints one decision per case given as JSON on argv. */
    private static final String FAKE_POLKIT = """
            const fs = require("fs");
            const vm = require("vm");
            const rules = [];
            const polkit = {
              Result: { YES: "yes", NO: "no", AUTH_ADMIN: "auth_admin", NOT_HANDLED: null },
              addRule: (rule) => rules.push(rule),
              log: () => {},
            };
            vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8"), { polkit });
            for (const c of JSON.parse(process.argv[3])) {
              const action = { id: c.action, lookup: (key) => ({ unit: c.unit, verb: c.verb })[key] };
              const subject = { user: c.user };
              let result = null;
              for (const rule of rules) {
                result = rule(action, subject);
                if (result !== null && result !== undefined) break;
              }
              console.log((result === null || result === undefined) ? "not_handled" : result);
            }
            """;
    private static final String MANAGE = "org.freedesktop.systemd1.manage-units";
    /** What {@code systemctl daemon-reload} asks polkit for (systemd's org.freedesktop.systemd1.policy). */
    private static final String RELOAD = "org.freedesktop.systemd1.reload-daemon";

    @TempDir
    Path tmp;

    @Test
    void onlyQuestdbMayStartStopRestartQuestdbServiceAndReloadUnits() throws Exception {
        assumeTrue(Command.onPath("node"), "PolkitRuleTest skipped: node (Node.js) is not installed");
        Path harness = Files.writeString(tmp.resolve("fake-polkit.js"), FAKE_POLKIT);
        String cases = "["
                + c(MANAGE, "questdb", "questdb.service", "start") + ","
                + c(MANAGE, "questdb", "questdb.service", "stop") + ","
                + c(MANAGE, "questdb", "questdb.service", "restart") + ","
                + c(MANAGE, "questdb", "questdb.service", "reload") + ","
                + c(MANAGE, "questdb", "ssh.service", "stop") + ","
                + c(MANAGE, "nobody", "questdb.service", "stop") + ","
                + c("org.freedesktop.systemd1.manage-unit-files", "questdb", "questdb.service", "start") + ","
                + c(RELOAD, "questdb", null, null) + ","
                + c(RELOAD, "nobody", null, null) + ","
                + c("org.freedesktop.systemd1.set-environment", "questdb", null, null)
                + "]";

        Command.Result result = Command.runOk(Duration.ofSeconds(60), "node", harness.toString(),
                PackagingFiles.sourceDir().resolve("examples/50-qfleet-agent.rules").toString(), cases);

        assertEquals(List.of("yes", "yes", "yes", "not_handled", "not_handled", "not_handled", "not_handled",
                "yes", "not_handled", "not_handled"),
                result.output().lines().toList());
    }

    /** One case; a null unit or verb is absent from the action's details, as for daemon-reload. */
    private static String c(String action, String user, String unit, String verb) {
        return "{\"action\":\"" + action + "\",\"user\":\"" + user + "\",\"unit\":" + json(unit) + ",\"verb\":" + json(verb) + "}";
    }

    private static String json(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
