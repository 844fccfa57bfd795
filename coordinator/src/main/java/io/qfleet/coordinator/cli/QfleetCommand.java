package io.qfleet.coordinator.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ScopeType;

/**
 * {@code qfleet}: the root command only lists its subcommands; run without one it is a usage
 * error. The subcommands are {@link #SUBCOMMANDS}, added by {@code CoordinatorMain.commandLine}:
 * picocli builds a command's model from its annotations by reflection, which for all of them
 * costs a cold JVM a tenth of a second or more that a command naming one verb need not pay.
 */
@Command(name = "qfleet", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = QfleetCommand.Version.class,
        description = "Migrates a fleet of QuestDB servers in place, through an agent on each host.",
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.DONE + ":done",
            ExitCodes.UNEXPECTED + ":unexpected error (-v shows the stack trace)",
            ExitCodes.USAGE + ":usage error or invalid fleet file, nothing done",
            ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN + ":failed before the point of no return, rolled back, or refused",
            ExitCodes.FAILED_AFTER_POINT_OF_NO_RETURN + ":failed after the point of no return, or a rollback failed: a host needs an"
                    + " operator, see the report",
            ExitCodes.AGENTS_UNREACHABLE + ":agents unreachable (and no host as for 4)"})
public final class QfleetCommand {
    /** Every subcommand, in the order the usage lists them. */
    public static final List<Class<?>> SUBCOMMANDS = List.of(PlanCommand.class, RunCommand.class, ResumeCommand.class,
            StatusCommand.class, ReportCommand.class, BackupCommand.class, VerifyBackupCommand.class, RestoreCommand.class,
            RollbackCommand.class, FinalizeCommand.class, DemoCommand.class, ValidateCommand.class, PkiCommand.class,
            HelpCommand.class);

    /** The subcommand named {@code name} (its {@code @Command} name), if there is one. */
    public static Optional<Class<?>> subcommand(String name) {
        return SUBCOMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(name)).findFirst();
    }

    /** The jar's Implementation-Version, or "dev" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = QfleetCommand.class.getPackage().getImplementationVersion();
            return new String[] {"qfleet " + (version == null ? "dev" : version)};
        }
    }
}
