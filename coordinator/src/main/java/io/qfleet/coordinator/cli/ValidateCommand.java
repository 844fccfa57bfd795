package io.qfleet.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.HostEntry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code qfleet validate -f fleet.yaml}: checks the fleet file without contacting any host. */
@Command(name = "validate",
        description = "Check a fleet file without contacting any host.")
public final class ValidateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Spec
    private CommandSpec spec;

    @Mixin
    private FleetFileOption fleet;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() throws Exception {
        FleetFile file = fleet.load();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ObjectNode result = JSON.createObjectNode();
            result.put("type", "validated");
            result.put("file", fleet.file().toString());
            result.put("hosts", file.hosts().size());
            result.put("target_version", file.target().version());
            out.println(JSON.writeValueAsString(result));
        } else {
            int hosts = file.hosts().size();
            out.println(fleet.file() + ": ok (" + hosts + (hosts == 1 ? " host" : " hosts")
                    + ", target " + file.target().version() + ")");
            if (output.verbose()) {
                details(out, file);
            }
        }
        out.flush();
        return ExitCodes.DONE;
    }

    private static void details(PrintWriter out, FleetFile file) {
        out.println("  distribution " + file.target().distribution());
        out.println("  sha256       " + file.target().sha256());
        int width = file.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(0);
        for (HostEntry host : file.hosts()) {
            out.println("  host         " + host.name() + " ".repeat(width - host.name().length()) + "  "
                    + host.agentAddress());
        }
        out.println("  timeouts     stop " + file.timeouts().stop().toSeconds() + "s, health gate "
                + file.timeouts().healthGate().toSeconds() + "s, wal apply "
                + file.timeouts().walApply().toSeconds() + "s");
    }
}
