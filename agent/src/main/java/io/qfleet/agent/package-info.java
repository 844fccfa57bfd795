/** The qfleet agent: one per QuestDB host, local filesystem and process work behind gRPC. */
package io.qfleet.agent;
