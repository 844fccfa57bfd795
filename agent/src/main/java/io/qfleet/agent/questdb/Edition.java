package io.qfleet.agent.questdb;

/** QuestDB edition, as read from {@code build()} or from a distribution's layout. */
public enum Edition {
    UNKNOWN,
    OPEN_SOURCE,
    ENTERPRISE
}
