/**
 * The QuestDB server process in "direct" mode (no systemd): building its command line, finding it
 * by root directory, starting it with its output in a log file, and stopping it with SIGTERM only.
 */
package io.qfleet.agent.process;
