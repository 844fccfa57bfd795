/** Talking to a running QuestDB server: PG wire SQL, HTTP status, build identity. */
package io.qfleet.agent.questdb;
