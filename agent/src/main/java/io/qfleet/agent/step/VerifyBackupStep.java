package io.qfleet.agent.step;

import io.qfleet.agent.backup.ArchiveProgress;
import io.qfleet.agent.backup.BackupManifest;
import io.qfleet.agent.backup.BackupPaths;
import io.qfleet.agent.backup.BackupVerifier;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import java.nio.file.Path;

/** Reads an archive in backup_dir back and holds every entry against its manifest. Read only. */
final class VerifyBackupStep implements OperationWork {
    private final QuestDbHost host;
    private final OperationSpec.VerifyBackup spec;

    VerifyBackupStep(QuestDbHost host, OperationSpec.VerifyBackup spec) {
        this.host = host;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) {
        Path archive = host.backups().requireArchive(spec.archivePath());
        BackupManifest manifest = BackupManifest.read(BackupPaths.manifestOf(archive));
        context.info("verifying " + archive + " against " + manifest.entries().size() + " manifest entries");
        OperationResult.BackupVerified verified = new BackupVerifier(ArchiveProgress.of(context, "verifying", manifest.sourceBytes()))
                .verify(archive, manifest);
        context.info("all " + verified.files() + " files match the manifest (" + verified.bytes() + " bytes)");
        // Read once more for the SHA-256 a copy elsewhere (a replica's seed) is checked against.
        return new OperationResult.BackupVerified(verified.files(), verified.bytes(), Sha256.of(archive),
                Sha256.of(BackupPaths.manifestOf(archive)));
    }
}
