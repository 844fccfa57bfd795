/**
 * QuestDB's own {@code conf/server.conf} ("server conf", never "config"): reading it now, a
 * line-preserving editor later, and the endpoints the agent derives from it.
 */
package io.qfleet.agent.serverconf;
