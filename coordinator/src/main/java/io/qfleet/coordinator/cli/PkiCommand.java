package io.qfleet.coordinator.cli;

import picocli.CommandLine.Command;

/** {@code qfleet pki}: lists its subcommands; each makes part of the mTLS material. */
@Command(name = "pki", synopsisSubcommandLabel = "COMMAND",
        description = {"Make a CA, agent and coordinator certificates, and bearer tokens for mTLS with the agents.",
            "Typical order: init, issue-agent HOST for every host, issue-client, token."},
        subcommands = {PkiInitCommand.class, PkiIssueAgentCommand.class, PkiIssueClientCommand.class, PkiTokenCommand.class})
public final class PkiCommand {
}
