/**
 * The agent's class data sharing archive: a training run that serves a few calls, then the JVM's own
 * dump of exactly the classes it loaded (README "Footprint"). Not on the agent's serving path.
 */
package io.qfleet.agent.cds;
