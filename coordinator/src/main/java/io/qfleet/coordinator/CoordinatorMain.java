package io.qfleet.coordinator;

public final class CoordinatorMain {
    public static void main(String[] args) {}
}
