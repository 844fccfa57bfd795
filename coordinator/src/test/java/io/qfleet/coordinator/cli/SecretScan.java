package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * DESIGN.md section 7: passwords, tokens and object-store keys appear in no log, journal, event,
 * report or error. Collects what an end-to-end test produced (every log, journal, JSON record,
 * report and plan file under the given directories: agent and QuestDB logs, the agents' operation
 * records with their events, qfleet's journal and reports; plus the CLI's stdout and stderr) and
 * fails naming each place a test secret shows up. QuestDB's own server.conf, the agent's 0600
 * credentials and the files the test keeps its secrets in are where secrets belong: their names do
 * not match.
 */
final class SecretScan {
    /** Logs, journals, events, reports, plans: text a person or a tool reads. */
    private static final Pattern SCANNED = Pattern.compile(".*\\.(log|jsonl|json|txt|html|out|err)");

    private SecretScan() {
    }

    /**
     * @param secrets the test's secret values
     * @param trees directories whose matching files are read
     * @param outputs other text by name (a command's stdout, stderr)
     */
    static void assertNoSecret(List<String> secrets, List<Path> trees, Map<String, String> outputs) throws IOException {
        List<String> leaks = new ArrayList<>();
        int files = 0;
        for (Path tree : trees) {
            try (Stream<Path> walk = Files.walk(tree)) {
                for (Path file : walk.filter(Files::isRegularFile).filter(f -> SCANNED.matcher(f.getFileName().toString()).matches()).toList()) {
                    files++;
                    leaks.addAll(find(secrets, file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)));
                }
            }
        }
        outputs.forEach((name, text) -> leaks.addAll(find(secrets, name, text)));
        if (files == 0) {
            fail("no log, journal or report found under " + trees + ": the scan would prove nothing");
        }
        if (!leaks.isEmpty()) {
            fail("test secrets leaked (" + leaks.size() + "): " + String.join("; ", leaks));
        }
    }

    private static List<String> find(List<String> secrets, String where, String text) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            if (text.contains(secrets.get(i))) {
                found.add("secret #" + (i + 1) + " in " + where); // never the secret itself
            }
        }
        return found;
    }
}
