package dev.verity.token;

import java.util.Set;

/** The caller of a client-token endpoint: an application's backend. */
public record ClientPrincipal(String clientId, String tenantId, String applicationId, Set<String> roles) {

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
