package io.qfleet.coordinator.client;

/** Receives an operation's progress while the client waits for it. Must be quick and never throw. */
@FunctionalInterface
public interface ProgressSink {
    void progress(String message, long done, long total, String unit);
}
