package io.qfleet.agent.grpc;

import io.qfleet.agent.facts.HostFacts;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.proto.agent.v1.DistributionInfo;
import java.util.List;

/** Host facts between the agent's domain and the wire. */
final class HostProtoMapper {
    private HostProtoMapper() {}

    static io.qfleet.proto.agent.v1.HostFacts toProto(HostFacts facts) {
        io.qfleet.proto.agent.v1.HostFacts.Builder builder = io.qfleet.proto.agent.v1.HostFacts.newBuilder()
                .setAgentVersion(facts.agentVersion())
                .setHostname(facts.hostname())
                .setOsName(facts.osName())
                .setOsArch(facts.osArch())
                .setQuestdbRoot(facts.questdbRoot())
                .setInstallDir(facts.installDir())
                .setQuestdbRunning(facts.questdbRunning())
                .setQuestdbPid(facts.questdbPid())
                .setQuestdbVersion(facts.questdbVersion())
                .setEdition(toProto(facts.edition()))
                .setBuildInfo(facts.buildInfo())
                .putAllRoots(facts.roots())
                .setDiskFreeBytes(facts.diskFreeBytes())
                .setRootSizeBytes(facts.rootSizeBytes())
                .setWalTablesHealthy(facts.walTablesHealthy())
                .addAllSuspendedTables(facts.suspendedTables())
                .addAllProblems(facts.problems())
                .addAllEnterpriseState(facts.enterpriseState())
                .setReleaseType(facts.releaseType())
                .addAllNonWalTables(facts.nonWalTables())
                .setReplicationRole(facts.replicationRole())
                .setTlsEnabled(facts.tlsEnabled())
                .setBuiltinAdminDisabled(facts.builtinAdminDisabled())
                .setRestoreTrigger(facts.restoreTrigger())
                .setBackupDirFreeBytes(facts.backupDirFreeBytes());
        if (facts.serverConf() != null) {
            HostFacts.ConfFile conf = facts.serverConf();
            builder.setServerConf(io.qfleet.proto.agent.v1.ServerConfFile.newBuilder().setExists(conf.exists()).setSha256(conf.sha256())
                    .setStrictValidation(conf.strictValidation()).setInstalledKeysRead(conf.keysInstalledKnows() != null)
                    .addAllKeysInstalledKnows(conf.keysInstalledKnows() == null ? List.of() : conf.keysInstalledKnows()));
        }
        HostFacts.Installed installed = facts.installed();
        if (installed != null) {
            builder.setInstalled(distribution(installed.layout(), installed.version(), installed.edition(), installed.main()));
        }
        return builder.build();
    }

    static DistributionInfo distribution(String layout, String version, Edition edition, String main) {
        return DistributionInfo.newBuilder()
                .setLayout(layout).setVersion(version).setEdition(toProto(edition)).setMain(main).build();
    }

    static io.qfleet.proto.agent.v1.Edition toProto(Edition edition) {
        return switch (edition) {
            case UNKNOWN -> io.qfleet.proto.agent.v1.Edition.EDITION_UNSPECIFIED;
            case OPEN_SOURCE -> io.qfleet.proto.agent.v1.Edition.EDITION_OPEN_SOURCE;
            case ENTERPRISE -> io.qfleet.proto.agent.v1.Edition.EDITION_ENTERPRISE;
        };
    }
}
