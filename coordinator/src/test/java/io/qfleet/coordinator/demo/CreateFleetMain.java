package io.qfleet.coordinator.demo;

import java.nio.file.Path;

/** Runs {@link LocalFleet#create} in a child JVM, so a test can SIGTERM it half-way: {@code <questdbDir> <workDir>}. */
public final class CreateFleetMain {
    private CreateFleetMain() {
    }

    public static void main(String[] args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        DemoResources resources = new DemoResources(Path.of(args[0]), FakeAgentMain.command(), java);
        try (LocalFleet fleet = LocalFleet.create(resources, 1, 1_000, Path.of(args[1]), System.out::println)) {
            System.out.println("CREATED " + fleet.hosts());
        }
    }
}
