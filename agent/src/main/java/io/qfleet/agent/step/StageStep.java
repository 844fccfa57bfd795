package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.install.DistributionInfo;
import io.qfleet.agent.install.DirectoryTrees;
import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.install.ExtractResult;
import io.qfleet.agent.install.SafeArchiveExtractor;
import io.qfleet.agent.install.StagingPaths;
import io.qfleet.agent.install.UploadStore;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.proto.QuestDbVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Unpacks an uploaded distribution beside the install dir and proves it usable (safe entries,
 * readable jar, expected version, this OS/arch, a step forward, no server.conf key it dropped)
 * before anything QuestDB uses is touched.
 */
final class StageStep implements OperationWork {
    private final QuestDbHost host;
    private final UploadStore uploads;
    private final OperationSpec.Stage spec;

    StageStep(QuestDbHost host, UploadStore uploads, OperationSpec.Stage spec) {
        this.host = host;
        this.uploads = uploads;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) throws IOException {
        Path archive = uploads.completedFile(spec.sha256());
        Path staged = host.allowList().require(StagingPaths.stagedDirFor(host.installDir(), context.operationId()), "staged dir");
        if (Files.exists(staged)) {
            throw AgentException.failedPrecondition("staged_dir_exists", staged + " already exists; remove it or stage under a new operation id");
        }
        context.info("unpacking " + archive.getFileName() + " into " + staged);
        ExtractResult extracted = SafeArchiveExtractor.extract(archive, staged,
                (done, total) -> context.progress("unpacking", done, total, "bytes"));
        DistributionInfo info;
        try {
            info = DistributionLayout.inspect(staged);
            DistributionLayout.requireVersion(info, spec.expectedVersion());
            DistributionInfo installed = installed();
            requireForward(info, installed);
            if (spec.requireEnterprise() && info.edition() != Edition.ENTERPRISE) {
                throw AgentException.failedPrecondition("enterprise_required", "the distribution is QuestDB " + info.version()
                        + " (" + info.edition() + ") but the run has Enterprise steps (TLS, admin accounts): Open Source with"
                        + " config.validation.strict=true exits 55 on their keys; use an Enterprise distribution or drop those sections");
            }
            context.info(RemovedConfKeys.require(host.confFile(), ServerConf.read(host.confFile()),
                    host.startEnvironment(RemovedConfKeys.STRICT_ENV, host.process().runningPid()), info, installed));
        } catch (AgentException e) {
            DirectoryTrees.deleteQuietly(staged); // a refused distribution leaves nothing behind
            throw e;
        }
        context.info("staged QuestDB " + info.version() + " (" + info.layout() + ", " + info.edition() + ")");
        return new OperationResult.Staged(staged.toString(), info.layout(), info.version(), info.edition(), info.main(),
                extracted.bytes(), extracted.entries());
    }

    /** What the install dir holds now; null when it holds no distribution the agent can read (the swap's to refuse). */
    private DistributionInfo installed() {
        try {
            return DistributionLayout.describe(host.installDir());
        } catch (AgentException e) {
            return null;
        }
    }

    /**
     * The binaries staged must take the host forward: never from Enterprise back to Open Source (which would open an
     * Enterprise root without its access control), never to an older version of the same edition (which may not read
     * metadata the installed one migrated). Checked on the binaries themselves, whatever the tarball was called.
     */
    static void requireForward(DistributionInfo staged, DistributionInfo installed) {
        if (installed == null) {
            return;
        }
        if (installed.edition() == Edition.ENTERPRISE && staged.edition() == Edition.OPEN_SOURCE) {
            throw AgentException.failedPrecondition("edition_backwards", "the distribution is QuestDB " + staged.version()
                    + " Open Source, the installed binaries are Enterprise " + installed.version()
                    + ": data never moves back from Enterprise to Open Source");
        }
        if (installed.edition() == staged.edition() && installed.edition() != Edition.UNKNOWN
                && QuestDbVersions.older(staged.version(), installed.version())) {
            throw AgentException.failedPrecondition("version_backwards", "the distribution is QuestDB " + staged.version()
                    + ", older than the installed " + installed.version() + ": qfleet does not downgrade (the installed version"
                    + " may have migrated table metadata the older one cannot read); restore a backup taken before to go back");
        }
    }
}
