/**
 * QuestDB's own {@code conf/server.conf} ("server conf", never "config"): reading it ({@link
 * io.qfleet.agent.serverconf.ServerConf}), the line-preserving editor ({@link
 * io.qfleet.agent.serverconf.ServerConfEdit}), the guarded atomic writer ({@link
 * io.qfleet.agent.serverconf.ServerConfWriter}) with the Enterprise-only key table ({@link
 * io.qfleet.agent.serverconf.EnterpriseKeys}), and the endpoints the agent derives from it.
 */
package io.qfleet.agent.serverconf;
