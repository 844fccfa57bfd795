/** The agent's own settings ({@code agent.yaml}): bound to records, unknown keys refused. */
package io.qfleet.agent.settings;
