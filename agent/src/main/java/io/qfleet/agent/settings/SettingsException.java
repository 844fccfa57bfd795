package io.qfleet.agent.settings;

/** A settings problem, as one line for the operator; the agent does not start. */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }
}
