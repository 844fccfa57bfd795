package io.qfleet.coordinator.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two YAML files the demo writes: each host's {@code agent.yaml} and the fleet file. Written through
 * Jackson so an odd path (spaces, colons) is quoted correctly; plain scalars everywhere else.
 */
final class DemoYaml {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private DemoYaml() {
    }

    /**
     * Agent settings: mTLS and a token on its own loopback address, QuestDB run directly (no systemd),
     * fs:: stores allowed under {@code fsStoreDir} only.
     */
    static void writeAgentSettings(Path file, String listenHost, Path hostDir, Path root, Path installDir, Path java,
            DemoPki.AgentTlsFiles tlsFiles, Path fsStoreDir) {
        Map<String, Object> questdb = new LinkedHashMap<>();
        questdb.put("root", root.toString());
        questdb.put("install_dir", installDir.toString());
        questdb.put("run", "direct");
        questdb.put("java", java.toString());
        questdb.put("jvm_args", DemoQuestDb.JVM_ARGS);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("listen", listenHost + ":0");
        Map<String, Object> tls = new LinkedHashMap<>();
        tls.put("cert", tlsFiles.cert().toString());
        tls.put("key", tlsFiles.key().toString());
        tls.put("client_ca", tlsFiles.clientCa().toString());
        settings.put("tls", tls);
        settings.put("token_file", tlsFiles.tokenFile().toString());
        settings.put("state_dir", hostDir.resolve("state").toString());
        settings.put("staging_dir", hostDir.resolve("staging").toString());
        settings.put("backup_dir", hostDir.resolve("backups").toString());
        settings.put("questdb", questdb);
        settings.put("replication", Map.of("fs_store_dirs", List.of(fsStoreDir.toString())));
        write(file, "# qfleet agent settings for a demo host\n", settings);
    }

    static void writeFleetFile(Path file, PackedDistribution target, List<DemoHost> hosts, DemoPki pki) {
        Map<String, Object> distribution = new LinkedHashMap<>();
        distribution.put("distribution", target.file().toAbsolutePath().toString());
        distribution.put("sha256", target.sha256());
        distribution.put("version", target.version());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (DemoHost host : hosts) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", host.name());
            entry.put("agent", host.agentAddress());
            entries.add(entry);
        }
        Map<String, Object> timeouts = new LinkedHashMap<>();
        timeouts.put("stop_seconds", 60);
        timeouts.put("health_gate_seconds", 60);
        timeouts.put("wal_apply_seconds", 120);
        Map<String, Object> fleet = new LinkedHashMap<>();
        fleet.put("target", distribution);
        fleet.put("hosts", entries);
        fleet.put("timeouts", timeouts);
        fleet.put("agents", agents(pki));
        write(file, "# qfleet demo fleet: " + hosts.size() + " local QuestDB servers, each with its own agent\n", fleet);
    }

    /** The fleet file's {@code agents} section for the demo's PKI, alone: for fleet files written elsewhere. */
    static String agentsSection(DemoPki pki) {
        try {
            return YAML.writeValueAsString(Map.of("agents", agents(pki)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the agents section", e);
        }
    }

    private static Map<String, Object> agents(DemoPki pki) {
        Map<String, Object> agents = new LinkedHashMap<>();
        agents.put("ca", pki.directory().caCert().toString());
        agents.put("client_cert", pki.clientCert().toString());
        agents.put("client_key", pki.clientKey().toString());
        agents.put("token", "${file:" + pki.directory().token() + "}");
        return agents;
    }

    private static void write(Path file, String comment, Map<String, Object> document) {
        try {
            Files.writeString(file, comment + YAML.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
