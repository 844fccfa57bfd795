package io.qfleet.agent.grpc;

import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.secrets.SecretText;
import io.qfleet.proto.agent.v1.AccessResult;
import io.qfleet.proto.agent.v1.AccessSpec;
import java.util.List;

/**
 * The optional accounts (step 10, {@code AccessSpec}) between the wire and the agent's records. A
 * password becomes a {@link SecretText} at once ("" = none); sent back, it is its fingerprint.
 */
final class AccessProtoMapper {
    private AccessProtoMapper() {}

    static OperationSpec.Access fromProto(AccessSpec spec) {
        return new OperationSpec.Access(
                spec.getGroupsList().stream().map(g -> new OperationSpec.AccessGroup(g.getName(), grants(g.getGrantsList()))).toList(),
                spec.getUsersList().stream().map(u -> new OperationSpec.AccessUser(u.getName(), secret(u.getPassword()),
                        u.getGroupsList(), grants(u.getGrantsList()))).toList(),
                spec.getServiceAccountsList().stream().map(a -> new OperationSpec.AccessServiceAccount(a.getName(),
                        secret(a.getPassword()), a.getOwnedBy(), grants(a.getGrantsList()), a.getAssumableByList())).toList());
    }

    static AccessSpec toProto(OperationSpec.Access s) {
        AccessSpec.Builder builder = AccessSpec.newBuilder();
        s.groups().forEach(g -> builder.addGroups(AccessSpec.Group.newBuilder().setName(g.name()).addAllGrants(wireGrants(g.grants()))));
        // Never a password: its fingerprint, which proves nothing to whoever reads it.
        s.users().forEach(u -> builder.addUsers(AccessSpec.User.newBuilder().setName(u.name()).setPassword(fingerprint(u.password()))
                .addAllGroups(u.groups()).addAllGrants(wireGrants(u.grants()))));
        s.serviceAccounts().forEach(a -> builder.addServiceAccounts(AccessSpec.ServiceAccount.newBuilder().setName(a.name())
                .setPassword(fingerprint(a.password())).setOwnedBy(a.ownedBy()).addAllGrants(wireGrants(a.grants()))
                .addAllAssumableBy(a.assumableBy())));
        return builder.build();
    }

    static AccessResult toProto(OperationResult.AccessDone r) {
        return AccessResult.newBuilder().addAllGroups(r.groups()).addAllUsers(r.users()).addAllServiceAccounts(r.serviceAccounts())
                .addAllLoggedIn(r.loggedIn()).build();
    }

    private static List<OperationSpec.AccessGrant> grants(List<AccessSpec.Grant> grants) {
        return grants.stream().map(g -> new OperationSpec.AccessGrant(g.getPermissionsList(), g.getTablesList(), g.getAllTables())).toList();
    }

    private static List<AccessSpec.Grant> wireGrants(List<OperationSpec.AccessGrant> grants) {
        return grants.stream().map(g -> AccessSpec.Grant.newBuilder().addAllPermissions(g.permissions()).addAllTables(g.tables())
                .setAllTables(g.allTables()).build()).toList();
    }

    private static SecretText secret(String password) {
        return password.isEmpty() ? null : SecretText.of(password);
    }

    private static String fingerprint(SecretText password) {
        return password == null ? "" : password.fingerprint();
    }
}
