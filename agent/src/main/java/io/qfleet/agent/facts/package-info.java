/** Read-only facts about the host and its QuestDB, for preflight and plans. */
package io.qfleet.agent.facts;
