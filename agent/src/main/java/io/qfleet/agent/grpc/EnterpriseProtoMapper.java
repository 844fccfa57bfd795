package io.qfleet.agent.grpc;

import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.secrets.SecretText;
import io.qfleet.proto.agent.v1.AdminsResult;
import io.qfleet.proto.agent.v1.AdminsSpec;
import io.qfleet.proto.agent.v1.TlsResult;
import io.qfleet.proto.agent.v1.TlsSpec;

/**
 * The Enterprise steps (TLS, admin accounts) between the wire and the agent's records. A password
 * becomes a {@link SecretText} at once; sent back (an operation's spec), it is its fingerprint.
 */
final class EnterpriseProtoMapper {
    private EnterpriseProtoMapper() {}

    static OperationSpec.Tls fromProto(TlsSpec spec) {
        return new OperationSpec.Tls(switch (spec.getPhase()) {
            case PHASE_PREPARE -> OperationSpec.TlsPhase.PREPARE;
            case PHASE_APPLY -> OperationSpec.TlsPhase.APPLY;
            case PHASE_VERIFY -> OperationSpec.TlsPhase.VERIFY;
            default -> null;
        }, spec.getCertPath(), spec.getKeyPath(), spec.getHostAddress(), spec.getExpiryWindowDays(), spec.getPerEndpoint(),
                spec.getDemo(), spec.getStopTimeoutSeconds(), spec.getHealthTimeoutSeconds());
    }

    static TlsSpec toProto(OperationSpec.Tls s) {
        TlsSpec.Builder builder = TlsSpec.newBuilder()
                .setCertPath(s.certPath()).setKeyPath(s.keyPath()).setHostAddress(s.hostAddress())
                .setExpiryWindowDays(s.expiryWindowDays()).setPerEndpoint(s.perEndpoint()).setDemo(s.demo())
                .setStopTimeoutSeconds(s.stopTimeoutSeconds()).setHealthTimeoutSeconds(s.healthTimeoutSeconds());
        if (s.phase() != null) {
            builder.setPhase(switch (s.phase()) {
                case PREPARE -> TlsSpec.Phase.PHASE_PREPARE;
                case APPLY -> TlsSpec.Phase.PHASE_APPLY;
                case VERIFY -> TlsSpec.Phase.PHASE_VERIFY;
            });
        }
        return builder.build();
    }

    static OperationSpec.Admins fromProto(AdminsSpec spec) {
        return new OperationSpec.Admins(switch (spec.getPhase()) {
            case PHASE_OVERRIDE -> OperationSpec.AdminsPhase.OVERRIDE;
            case PHASE_CREATE -> OperationSpec.AdminsPhase.CREATE;
            default -> null;
        }, spec.getAccountsList().stream()
                .map(a -> new OperationSpec.Account(a.getName(), SecretText.of(a.getPassword()))).toList(),
                spec.getStopTimeoutSeconds(), spec.getHealthTimeoutSeconds());
    }

    static AdminsSpec toProto(OperationSpec.Admins s) {
        AdminsSpec.Builder builder = AdminsSpec.newBuilder()
                .setStopTimeoutSeconds(s.stopTimeoutSeconds()).setHealthTimeoutSeconds(s.healthTimeoutSeconds());
        if (s.phase() != null) {
            builder.setPhase(s.phase() == OperationSpec.AdminsPhase.OVERRIDE ? AdminsSpec.Phase.PHASE_OVERRIDE
                    : AdminsSpec.Phase.PHASE_CREATE);
        }
        // Never the password: its fingerprint, which proves nothing to whoever reads it.
        s.accounts().forEach(a -> builder.addAccounts(AdminsSpec.Account.newBuilder()
                .setName(a.name()).setPassword(a.password().fingerprint())));
        return builder.build();
    }

    static TlsResult toProto(OperationResult.TlsDone r) {
        return TlsResult.newBuilder().setCertPath(r.certPath()).setKeyPath(r.keyPath()).setLeafSubject(r.leafSubject())
                .setNotAfter(r.notAfter()).addAllWarnings(r.warnings()).setHandshakes(r.handshakes()).build();
    }

    static AdminsResult toProto(OperationResult.AdminsDone r) {
        return AdminsResult.newBuilder().addAllAccounts(r.accounts()).setBuiltinAdminDisabled(r.builtinAdminDisabled()).build();
    }
}
