package dev.verity.tenancy;

import java.util.Set;

/** A confidential API client of one application; {@code admin} in its roles opens the admin API of its tenant. */
public record Client(String id, String tenantId, String applicationId, Set<String> roles) {

    public Client {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
