/**
 * The {@code qfleet} command line: {@link io.qfleet.coordinator.cli.QfleetCommand} (root, lists
 * subcommands), one class per verb ({@link io.qfleet.coordinator.cli.ValidateCommand}, ...), shared
 * options as mixins ({@link io.qfleet.coordinator.cli.OutputOptions},
 * {@link io.qfleet.coordinator.cli.FleetFileOption}), and the exit codes operators script against
 * ({@link io.qfleet.coordinator.cli.ExitCodes}). Commands print through
 * {@code spec.commandLine().getOut()} so tests can capture them; failures end as one line on stderr.
 */
package io.qfleet.coordinator.cli;
