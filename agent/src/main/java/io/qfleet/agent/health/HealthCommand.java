package io.qfleet.agent.health;

import io.grpc.ManagedChannel;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsException;
import io.qfleet.agent.settings.SettingsLoader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code qfleet-agent health --settings agent.yaml [--timeout SECONDS]}: the readiness check the
 * systemd unit runs as {@code ExecStartPost}, so {@code systemctl start} returns only once the
 * agent answers. It reads the listen address, and the TLS material it connects with when the agent
 * serves TLS ({@link ProbeChannel}), from the same settings file the agent runs with.
 * Exit 0 serving, 1 not serving in time, 2 usage or settings error.
 */
public final class HealthCommand {
    public static final String NAME = "health";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final String USAGE = "usage: qfleet-agent health --settings /etc/qfleet/agent.yaml [--timeout SECONDS]";

    private HealthCommand() {}

    /** {@code args} without the leading {@code health}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        Path settingsFile = null;
        Duration timeout = DEFAULT_TIMEOUT;
        for (int i = 0; i < args.size(); i += 2) {
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (value == null || !(args.get(i).equals("--settings") || args.get(i).equals("--timeout"))) {
                err.println(USAGE);
                return 2;
            }
            if (args.get(i).equals("--settings")) {
                settingsFile = Path.of(value);
            } else {
                timeout = seconds(value);
                if (timeout == null) {
                    err.println("qfleet-agent health: --timeout: '" + value + "' is not a number of seconds (expected: 1-3600)");
                    return 2;
                }
            }
        }
        if (settingsFile == null) {
            err.println(USAGE);
            return 2;
        }
        InetSocketAddress target;
        AgentSettings settings;
        ManagedChannel channel;
        try {
            settings = SettingsLoader.load(settingsFile);
            target = target(settingsFile, settings);
            channel = ProbeChannel.open(target, settings);
        } catch (SettingsException e) {
            err.println("qfleet-agent health: " + e.getMessage());
            return 2;
        }
        String hint = settings.tls() == null ? "" : " (the probe presents and expects the agent's own tls.cert "
                + settings.tls().cert() + "; is another server listening there, was tls.cert replaced since the agent "
                + "started, or has it expired?)";
        AgentHealthProbe.Outcome outcome = probe(channel, target, hint, timeout);
        (outcome.serving() ? out : err).println("qfleet-agent health: " + outcome.message());
        return outcome.serving() ? 0 : 1;
    }

    private static AgentHealthProbe.Outcome probe(ManagedChannel channel, InetSocketAddress target, String hint,
            Duration timeout) throws InterruptedException {
        try {
            return new AgentHealthProbe(channel, target.getHostString() + ":" + target.getPort(), hint).awaitServing(timeout);
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The address to dial: the listen address, where a wildcard one is reached on loopback. */
    static InetSocketAddress target(Path settingsFile, AgentSettings settings) {
        if (settings.listenPort() == 0) {
            throw new SettingsException(settingsFile + ": listen: port 0 picks a new port at every start, so it cannot be "
                    + "probed; set a fixed port (e.g. 127.0.0.1:7443)");
        }
        InetAddress host;
        try {
            host = InetAddress.getByName(settings.listenHost());
        } catch (UnknownHostException e) {
            throw new SettingsException(settingsFile + ": listen: cannot resolve '" + settings.listenHost() + "'");
        }
        if (host.isAnyLocalAddress()) {
            host = InetAddress.getLoopbackAddress();
        }
        return new InetSocketAddress(host, settings.listenPort());
    }

    private static Duration seconds(String text) {
        try {
            long seconds = Long.parseLong(text);
            return seconds >= 1 && seconds <= 3600 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
