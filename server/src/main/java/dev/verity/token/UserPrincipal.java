package dev.verity.token;

/** The caller of a user-token endpoint: a user of a tenant, acting through an application's client. */
public record UserPrincipal(String userId, String tenantId, String applicationId, String clientId) {
}
