package io.qfleet.agent.testing;

import io.qfleet.proto.agent.v1.HealthGateSpec;
import io.qfleet.proto.agent.v1.InventorySpec;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.RevertSwapSpec;
import io.qfleet.proto.agent.v1.StageSpec;
import io.qfleet.proto.agent.v1.StartSpec;
import io.qfleet.proto.agent.v1.StopSpec;
import io.qfleet.proto.agent.v1.SwapSpec;
import io.qfleet.proto.agent.v1.VerifySpec;

/** Operation specs as the coordinator sends them. */
public final class Specs {
    private Specs() {
    }

    public static OperationSpec stage(String sha256, String expectedVersion) {
        return OperationSpec.newBuilder().setStage(StageSpec.newBuilder().setSha256(sha256).setExpectedVersion(expectedVersion)).build();
    }

    public static OperationSpec inventory() {
        return OperationSpec.newBuilder().setInventory(InventorySpec.newBuilder().setWalApplyTimeoutSeconds(60)).build();
    }

    public static OperationSpec stop() {
        return OperationSpec.newBuilder().setStop(StopSpec.newBuilder().setTimeoutSeconds(60)).build();
    }

    public static OperationSpec swap(String stageOperationId) {
        return OperationSpec.newBuilder().setSwap(SwapSpec.newBuilder().setStageOperationId(stageOperationId)).build();
    }

    public static OperationSpec start() {
        return OperationSpec.newBuilder().setStart(StartSpec.getDefaultInstance()).build();
    }

    public static OperationSpec healthGate(String expectedVersion, int timeoutSeconds) {
        return OperationSpec.newBuilder().setHealthGate(HealthGateSpec.newBuilder()
                .setExpectedVersion(expectedVersion).setTimeoutSeconds(timeoutSeconds)).build();
    }

    public static OperationSpec verify(String inventoryOperationId) {
        return OperationSpec.newBuilder().setVerify(VerifySpec.newBuilder()
                .setInventoryOperationId(inventoryOperationId).setWalApplyTimeoutSeconds(60)).build();
    }

    public static OperationSpec revertSwap(String swapOperationId) {
        return OperationSpec.newBuilder().setRevertSwap(RevertSwapSpec.newBuilder().setSwapOperationId(swapOperationId)).build();
    }
}
