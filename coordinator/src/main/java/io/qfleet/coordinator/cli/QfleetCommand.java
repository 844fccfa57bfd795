package io.qfleet.coordinator.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ScopeType;

/**
 * {@code qfleet}: the root command only lists its subcommands; run without one it is a usage
 * error. Other verbs are registered by {@code CoordinatorMain.commandLine(...).addSubcommand(...)}.
 */
@Command(name = "qfleet", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = QfleetCommand.Version.class,
        description = "Migrates a fleet of QuestDB servers in place, through an agent on each host.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {PlanCommand.class, RunCommand.class, ResumeCommand.class, StatusCommand.class, ReportCommand.class,
            BackupCommand.class, VerifyBackupCommand.class, RestoreCommand.class, RollbackCommand.class, FinalizeCommand.class,
            DemoCommand.class, ValidateCommand.class, PkiCommand.class, HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.DONE + ":done",
            ExitCodes.UNEXPECTED + ":unexpected error (-v shows the stack trace)",
            ExitCodes.USAGE + ":usage error or invalid fleet file, nothing done",
            ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN + ":failed before the point of no return, rolled back, or refused",
            ExitCodes.FAILED_AFTER_POINT_OF_NO_RETURN + ":failed after the point of no return, see the report",
            ExitCodes.AGENTS_UNREACHABLE + ":agents unreachable"})
public final class QfleetCommand {

    /** The jar's Implementation-Version, or "dev" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = QfleetCommand.class.getPackage().getImplementationVersion();
            return new String[] {"qfleet " + (version == null ? "dev" : version)};
        }
    }
}
