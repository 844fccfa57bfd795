package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.agent.operation.OperationSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code tls.expiry_window_days} as the coordinator sends it, 0 included (the fleet file accepts 0). */
class TlsStepWindowTest {
    @Test
    void theWindowIsTheDaysAsSentAndZeroMeansOnlyExpiredCertificatesAreRefused() {
        assertEquals(Duration.ZERO, TlsStep.expiryWindow(spec(0)), "0 is not replaced by a default");
        assertEquals(Duration.ofDays(7), TlsStep.expiryWindow(spec(7)));
        assertEquals(Duration.ofDays(30), TlsStep.expiryWindow(spec(30)));
    }

    private static OperationSpec.Tls spec(int days) {
        return new OperationSpec.Tls(OperationSpec.TlsPhase.PREPARE, "/c.pem", "/k.pem", "db1", days, false, false, 60, 60);
    }
}
