/** The agent's own settings ({@code agent.yaml}): bound by a small YAML binder (no Jackson databind: start-up footprint), unknown keys refused. */
package io.qfleet.agent.settings;
