/**
 * The QuestDB server process, behind {@link io.qfleet.agent.process.QuestDbProcess}: {@code direct}
 * (the agent builds the command line, finds the server by root directory, starts it with its output
 * in a log file and stops it with SIGTERM only) or {@code systemd} (a unit driven through
 * {@code systemctl}, with a drop-in when the unit's ExecStart names the other edition's main).
 */
package io.qfleet.agent.process;
