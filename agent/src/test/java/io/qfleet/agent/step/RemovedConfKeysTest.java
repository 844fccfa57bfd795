package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.install.DistributionInfo;
import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.testing.QuestDbRoots;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which server.conf keys refuse a staged version, against the real 8.1.4 and 9.2.2 jars. */
class RemovedConfKeysTest {
    private static final Path CONF = Path.of("/var/lib/questdb/conf/server.conf");
    private static final Optional<String> NO_ENV = Optional.empty();
    private static final DistributionInfo INSTALLED = openSource("8.1.4", QuestDbRoots.sourceJar());
    private static final DistributionInfo STAGED = openSource("9.2.2", QuestDbRoots.targetJar());

    @Test
    void keysTheTargetDroppedAreRefusedUnderStrictValidation() {
        ServerConf conf = ServerConf.parse("config.validation.strict=true\nshared.worker.affinity=1,2\n"
                + "line.tcp.symbol.cache.wait.us.before.reload=500\ncairo.root=/data/db\n");
        AgentException refused = assertThrows(AgentException.class, () -> RemovedConfKeys.require(CONF, conf, NO_ENV, STAGED, INSTALLED));
        assertEquals("server_conf_keys_removed", refused.reason());
        assertEquals(CONF + " sets line.tcp.symbol.cache.wait.us.before.reload, shared.worker.affinity, which QuestDB 9.2.2 no"
                + " longer knows: with config.validation.strict=true its first start would exit 55 after the stop; remove them"
                + " (or set config.validation.strict=false) and stage again", refused.getMessage());
    }

    @Test
    void whatIsNotRefused() {
        assertEquals("server.conf: every key QuestDB 8.1.4 knows is known to 9.2.2 too (2 keys checked)", RemovedConfKeys.require(CONF,
                ServerConf.parse("config.validation.strict=true\ncairo.root=/data/db\n"), NO_ENV, STAGED, INSTALLED));
        assertEquals("server.conf: every key QuestDB 8.1.4 knows is known to 9.2.2 too (2 keys checked)", RemovedConfKeys.require(CONF,
                ServerConf.parse("config.validation.strict=true\nno.such.key.in.either=1\n"), NO_ENV, STAGED, INSTALLED),
                "a key neither knows: the running server starts with it, so it is not this check's to refuse");
        String dropped = "shared.worker.affinity=1\n";
        assertEquals("server.conf keys not checked against QuestDB 9.2.2: config.validation.strict is off (server.conf, or"
                + " QDB_CONFIG_VALIDATION_STRICT in QuestDB's environment), unknown keys only warn",
                RemovedConfKeys.require(CONF, ServerConf.parse(dropped), NO_ENV, STAGED, INSTALLED));
        assertEquals("server.conf keys not checked against QuestDB 9.2.2: config.validation.strict is off (server.conf, or"
                + " QDB_CONFIG_VALIDATION_STRICT in QuestDB's environment), unknown keys only warn",
                RemovedConfKeys.require(CONF, ServerConf.parse("config.validation.strict=TRUE \n" + dropped), NO_ENV, STAGED, INSTALLED),
                "QuestDB reads the flag with Boolean.parseBoolean, trailing blank included");
        ServerConf strict = ServerConf.parse("config.validation.strict=true\n" + dropped);
        DistributionInfo enterprise = new DistributionInfo(DistributionLayout.NO_JRE, "3.1.1", Edition.ENTERPRISE,
                DistributionLayout.ENTERPRISE_MAIN, QuestDbRoots.targetJar(), null);
        assertEquals("server.conf keys not checked against QuestDB 3.1.1: only between two Open Source questdb.jar installs",
                RemovedConfKeys.require(CONF, strict, NO_ENV, enterprise, INSTALLED));
        assertEquals("server.conf keys not checked against QuestDB 9.2.2: only between two Open Source questdb.jar installs",
                RemovedConfKeys.require(CONF, strict, NO_ENV, STAGED, null));
        assertEquals("server.conf keys not checked against QuestDB 9.2.2: no key list in /nowhere/questdb.jar",
                RemovedConfKeys.require(CONF, strict, NO_ENV, STAGED, openSource("8.1.4", Path.of("/nowhere/questdb.jar"))));
    }

    /** QuestDB reads the flag from its environment before the file, and so does the check. */
    @Test
    void strictnessFromTheEnvironmentBeatsTheFile() {
        ServerConf fileOn = ServerConf.parse("config.validation.strict=true\n");
        ServerConf fileOff = ServerConf.parse("");
        assertEquals(true, RemovedConfKeys.strict(fileOn, Optional.empty()));
        assertEquals(false, RemovedConfKeys.strict(fileOff, Optional.empty()));
        assertEquals(false, RemovedConfKeys.strict(fileOn, Optional.of("false")));
        assertEquals(true, RemovedConfKeys.strict(fileOff, Optional.of("true")));
    }

    private static DistributionInfo openSource(String version, Path jar) {
        return new DistributionInfo(DistributionLayout.NO_JRE, version, Edition.OPEN_SOURCE, DistributionLayout.OSS_MAIN, jar, null);
    }
}
