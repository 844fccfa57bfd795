package io.qfleet.agent;

import io.grpc.netty.NettyServerBuilder;
import io.qfleet.agent.health.HealthCommand;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsException;
import io.qfleet.agent.settings.SettingsLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * {@code qfleet-agent --settings agent.yaml}: loads the settings, serves gRPC, prints
 * {@code SERVING host:port} once ready (tests and the demo read it), and runs until SIGTERM.
 * {@code qfleet-agent health ...} instead asks a running agent whether it serves ({@link HealthCommand}).
 */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals(HealthCommand.NAME)) { // the systemd unit's readiness check
            System.exit(HealthCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        configureLogging();
        Path settingsFile = settingsFile(args);
        Agent agent;
        AgentSettings settings;
        try {
            settings = SettingsLoader.load(settingsFile);
            Logger.getLogger(AgentMain.class.getName()).info("qfleet-agent " + Agent.version() + ": " + settings.describe());
            agent = Agent.start(settings, NettyServerBuilder.forAddress(
                    new InetSocketAddress(settings.listenHost(), settings.listenPort())), Clock.systemUTC());
        } catch (SettingsException e) {
            System.err.println("qfleet-agent: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("qfleet-agent: cannot start on " + settingsFile + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "qfleet-shutdown"));
        System.out.println("SERVING " + settings.listenHost() + ":" + agent.port());
        System.out.flush();
        agent.awaitTermination();
    }

    private static Path settingsFile(String[] args) {
        if (args.length == 2 && args[0].equals("--settings")) {
            return Path.of(args[1]);
        }
        if (args.length == 1 && args[0].startsWith("--settings=")) {
            return Path.of(args[0].substring("--settings=".length()));
        }
        System.err.println("usage: qfleet-agent --settings /etc/qfleet/agent.yaml\n"
                + "       qfleet-agent health --settings /etc/qfleet/agent.yaml [--timeout SECONDS]");
        System.exit(2);
        throw new IllegalStateException("unreachable");
    }

    private static void configureLogging() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler(); // stderr: journald keeps it under systemd
        console.setFormatter(new SimpleFormatter());
        console.setLevel(Level.INFO);
        root.addHandler(console);
        Logger.getLogger("io.grpc").setLevel(Level.WARNING);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
    }
}
