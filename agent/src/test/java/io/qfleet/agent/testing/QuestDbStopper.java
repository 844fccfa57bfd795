package io.qfleet.agent.testing;

import io.qfleet.agent.process.ProcessFinder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test, stops whatever QuestDB still serves the roots the test registered, whoever
 * started it (the test as operator, or an agent as its child): SIGCONT in case a test froze it,
 * SIGTERM, wait. A server that ignores SIGTERM is killed, so it cannot outlive the build, and
 * fails the test.
 */
public final class QuestDbStopper implements AfterEachCallback {
    private static final Duration STOP = Duration.ofSeconds(60);

    private final List<Path> roots = new CopyOnWriteArrayList<>();

    public Path watch(Path root) {
        roots.add(root);
        return root;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        for (Path root : roots) {
            stop(root, problems);
        }
        roots.clear();
        if (!problems.isEmpty()) {
            throw new AssertionError("QuestDB did not stop after the test: " + problems);
        }
    }

    private static void stop(Path root, List<String> problems) throws InterruptedException {
        Optional<ProcessHandle> running = ProcessFinder.findQuestDb(root);
        if (running.isEmpty()) {
            return;
        }
        ProcessHandle questdb = running.get();
        Processes.thaw(questdb.pid());
        questdb.destroy();
        if (!Processes.awaitGone(questdb.pid(), STOP)) {
            questdb.destroyForcibly();
            problems.add("pid " + questdb.pid() + " on " + root + " ignored SIGTERM for " + STOP + " and was killed");
        }
    }
}
