package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.pki.CertificateAuthority;
import io.qfleet.coordinator.pki.LeafRequest;
import io.qfleet.coordinator.pki.PkiDirectory;
import io.qfleet.coordinator.pki.SubjectNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code qfleet pki issue-agent HOST}: an agent's server certificate, naming every address it is dialled at. */
@Command(name = "issue-agent", description = {"Issue an agent's certificate (serverAuth) signed by the CA: "
        + "agent-HOST.crt and agent-HOST.key (0600), for the agent's tls.cert and tls.key.",
    "HOST (an IP address or a DNS name) goes into the certificate; the coordinator checks it against the address in the "
        + "fleet file's agent key, so add every other name with --ip and --dns."})
public final class PkiIssueAgentCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PkiOptions options;

    @Mixin
    private PkiOptions.LeafOptions leaf;

    @Parameters(index = "0", paramLabel = "HOST", description = "The agent's address: an IP address or a DNS name.")
    private String host;

    @Option(names = "--ip", paramLabel = "IP", description = "Another IP address of the agent (repeatable).")
    private List<String> ips = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "NAME", description = "Another DNS name of the agent (repeatable).")
    private List<String> dnsNames = new ArrayList<>();

    @Override
    public Integer call() {
        Set<String> ipSans = new LinkedHashSet<>();
        Set<String> dnsSans = new LinkedHashSet<>();
        (SubjectNames.isIpAddress(host) ? ipSans : dnsSans).add(checked("HOST", host));
        ips.forEach(ip -> ipSans.add(checkedIp(ip)));
        dnsNames.forEach(name -> dnsSans.add(checkedDns(name)));
        PkiDirectory pki = options.directory();
        List<Path> files = List.of(pki.agentCert(host), pki.agentKey(host));
        options.refuseToOverwrite(spec, files);
        CertificateAuthority ca = PkiCa.load(spec, pki);
        LeafRequest request = new LeafRequest(host, LeafRequest.Purpose.SERVER, List.copyOf(dnsSans), List.copyOf(ipSans),
                leaf.key.algorithm, leaf.validity(spec));
        PkiOptions.printWritten(spec, pki.write(files.get(0), files.get(1), ca.issue(request)));
        return ExitCodes.DONE;
    }

    private String checked(String what, String value) {
        if (!SubjectNames.isIpAddress(value) && !SubjectNames.isDnsName(value)) {
            throw new ParameterException(spec.commandLine(), what + ": '" + value
                    + "' is neither an IP address nor a DNS name (expected e.g. 10.0.0.5 or db-1.example.com)");
        }
        return value;
    }

    private String checkedIp(String value) {
        if (!SubjectNames.isIpAddress(value)) {
            throw new ParameterException(spec.commandLine(), "--ip: '" + value + "' is not an IP address");
        }
        return value;
    }

    private String checkedDns(String value) {
        if (!SubjectNames.isDnsName(value)) {
            throw new ParameterException(spec.commandLine(), "--dns: '" + value + "' is not a DNS name");
        }
        return value;
    }
}
