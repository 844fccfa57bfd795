/**
 * The agent's own readiness, as systemd asks for it: {@code qfleet-agent health} polls the agent's
 * {@code grpc.health.v1} service until it answers SERVING. Not QuestDB's health (that is the
 * health gate step in {@code agent.step}).
 */
package io.qfleet.agent.health;
