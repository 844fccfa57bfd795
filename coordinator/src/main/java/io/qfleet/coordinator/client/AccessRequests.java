package io.qfleet.coordinator.client;

import io.qfleet.coordinator.fleet.AccessSettings;
import io.qfleet.proto.agent.v1.AccessResult;
import io.qfleet.proto.agent.v1.AccessSpec;
import java.util.ArrayList;
import java.util.List;

/** The fleet file's {@code access} section as an {@code AccessSpec}, and an {@code AccessResult} as one line. */
final class AccessRequests {
    private AccessRequests() {
    }

    static AccessSpec toProto(AccessSettings access) {
        AccessSpec.Builder spec = AccessSpec.newBuilder();
        access.groups().forEach(g -> spec.addGroups(AccessSpec.Group.newBuilder().setName(g.name()).addAllGrants(grants(g.grants()))));
        access.users().forEach(u -> spec.addUsers(AccessSpec.User.newBuilder().setName(u.name()).setPassword(u.password())
                .addAllGroups(u.groups()).addAllGrants(grants(u.grants()))));
        access.serviceAccounts().forEach(a -> spec.addServiceAccounts(AccessSpec.ServiceAccount.newBuilder().setName(a.name())
                .setPassword(a.password()).setOwnedBy(a.ownedBy()).addAllGrants(grants(a.grants())).addAllAssumableBy(a.assumableBy())));
        return spec.build();
    }

    /** {@code groups readers; users alice, bob (alice logs in); service accounts ingest}. */
    static String detail(AccessResult result) {
        List<String> parts = new ArrayList<>();
        if (result.getGroupsCount() > 0) {
            parts.add("groups " + String.join(", ", result.getGroupsList()));
        }
        if (result.getUsersCount() > 0) {
            parts.add("users " + String.join(", ", result.getUsersList())
                    + (result.getLoggedInCount() == 0 ? "" : " (" + String.join(", ", result.getLoggedInList()) + " log in)"));
        }
        if (result.getServiceAccountsCount() > 0) {
            parts.add("service accounts " + String.join(", ", result.getServiceAccountsList()));
        }
        return String.join("; ", parts) + " in place";
    }

    private static List<AccessSpec.Grant> grants(List<AccessSettings.Grant> grants) {
        return grants.stream().map(g -> AccessSpec.Grant.newBuilder().addAllPermissions(g.permissions()).addAllTables(g.tables())
                .setAllTables(g.allTables()).build()).toList();
    }
}
