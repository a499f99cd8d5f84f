package dev.verity.token;

/** The caller of a v2 onboarding endpoint: one app registration, through its registration token. */
public record RegistrationPrincipal(String registrationId, String tenantId, String applicationId, String flowId) {
}
