package io.qfleet.agent.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.PreviewServerConfRequest;
import io.qfleet.proto.agent.v1.ServerConfFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facts that say which Enterprise steps a host on the target still lacks, read from the root's
 * server.conf through GetHostFacts (in-process agent, QuestDB not running: these facts need only the file).
 */
class EnterpriseConfFactsTest {
    @TempDir
    Path tmp;

    private HostFacts factsWith(String conf) throws Exception {
        return withAgent(conf, agent -> agent.calls().facts());
    }

    private interface AgentCall<T> {
        T on(InProcessAgent agent) throws Exception;
    }

    private <T> T withAgent(String conf, AgentCall<T> call) throws Exception {
        if (conf != null) {
            Files.writeString(Files.createDirectories(tmp.resolve("root/conf")).resolve("server.conf"), conf);
        }
        AgentSettings settings = new AgentSettings("127.0.0.1", 0, true, tmp.resolve("state"), tmp.resolve("staging"),
                new AgentSettings.QuestDb(tmp.resolve("root"), tmp.resolve("opt/questdb"), "direct", QuestDbRoots.javaExecutable(),
                        QuestDbRoots.jvmArgs(), QuestDbRoots.USER, null));
        try (InProcessAgent agent = InProcessAgent.start(settings)) {
            return call.on(agent);
        }
    }

    /** A file QuestDB could not load either is the preview's to name: the facts still answer, with its hash. */
    @Test
    void aServerConfThatIsNotPropertiesSyntaxLeavesTheFactsStanding() throws Exception {
        String conf = "tls.enabled=true\ncairo.root=C:\\users\\questdb\n"; // backslash, then "users": a malformed unicode escape
        HostFacts facts = factsWith(conf);
        assertFalse(facts.getTlsEnabled(), "values of a file that cannot be parsed read as unset");
        assertTrue(facts.getServerConf().getExists());
        assertEquals(64, facts.getServerConf().getSha256().length());
    }

    /** What lets {@code run --plan} skip the preview: the facts' hash is the one the preview's diff was made from. */
    @Test
    void theFactsCarryServerConfsHashAsThePreviewGivesIt() throws Exception {
        String conf = "# edited by hand\r\nhttp.bind.to=0.0.0.0:9000\r\n";
        HostFacts facts = withAgent(conf, agent -> {
            String previewed = agent.calls().previewServerConf(PreviewServerConfRequest.newBuilder().setAdmins(true).build()).getSha256();
            HostFacts read = agent.calls().facts();
            assertEquals(previewed, read.getServerConf().getSha256());
            return read;
        });
        assertTrue(facts.hasServerConf());
        assertTrue(facts.getServerConf().getExists());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(conf.getBytes(StandardCharsets.ISO_8859_1))),
                facts.getServerConf().getSha256());

        Files.delete(tmp.resolve("root/conf/server.conf"));
        HostFacts none = factsWith(null);
        assertTrue(none.hasServerConf(), "a missing file is a fact too");
        assertFalse(none.getServerConf().getExists());
        assertEquals("", none.getServerConf().getSha256());
    }

    @Test
    void whatTheTlsAdminsAndReplicationStepsLeaveInServerConfIsReported() throws Exception {
        HostFacts facts = factsWith("tls.enabled = true \nacl.admin.user.enabled=false\nreplication.role=primary\n");
        assertTrue(facts.getTlsEnabled());
        assertTrue(facts.getBuiltinAdminDisabled());
        assertEquals("primary", facts.getReplicationRole());
    }

    @Test
    void withoutThoseKeysOrWithoutServerConfNothingIsSet() throws Exception {
        for (String conf : new String[] {"tls.enabled=false\nacl.admin.user.enabled=true\n", "# nothing\n", null}) {
            HostFacts facts = factsWith(conf);
            assertFalse(facts.getTlsEnabled(), String.valueOf(conf));
            assertFalse(facts.getBuiltinAdminDisabled(), String.valueOf(conf));
            assertEquals("", facts.getReplicationRole());
        }
    }

    /**
     * Under strict validation, the keys server.conf sets that the installed questdb.jar knows (names only, sorted), for
     * preflight's check against the target's list; not read when validation is not strict, or for an Enterprise jar.
     */
    @Test
    void theKeysTheInstalledOpenSourceJarKnowsAreListedUnderStrictValidation() throws Exception {
        Path jar = Files.createDirectories(tmp.resolve("opt/questdb")).resolve("questdb.jar");
        Files.copy(QuestDbRoots.sourceJar(), jar);
        String keys = "shared.worker.affinity=1\nqfleet.unknown.key=secret-looking-value\ncairo.root=/data\n";

        ServerConfFile strict = factsWith("config.validation.strict=true\n" + keys).getServerConf();
        assertTrue(strict.getStrictValidation());
        assertTrue(strict.getInstalledKeysRead());
        assertEquals(List.of("cairo.root", "config.validation.strict", "shared.worker.affinity"), strict.getKeysInstalledKnowsList(),
                "a key 8.1.4 does not know is left out, and no value travels");

        ServerConfFile lenient = factsWith(keys).getServerConf();
        assertFalse(lenient.getStrictValidation());
        assertFalse(lenient.getInstalledKeysRead(), "nothing to check: unknown keys only warn");

        Files.delete(jar);
        Distributions.enterpriseShapedJar(tmp.resolve("dist"));
        Files.copy(tmp.resolve("dist/enterprise-shaped/questdb.jar"), jar);
        ServerConfFile enterprise = factsWith("config.validation.strict=true\n" + keys).getServerConf();
        assertTrue(enterprise.getStrictValidation());
        assertFalse(enterprise.getInstalledKeysRead(), "Enterprise validates against lists of its own");
        assertEquals(List.of(), enterprise.getKeysInstalledKnowsList());
    }
}
