/**
 * Replication (workflow step 11) on the host: QuestDB's object store string, and the ownership of
 * an {@code fs::} store by one cluster.
 */
package io.qfleet.agent.replication;
