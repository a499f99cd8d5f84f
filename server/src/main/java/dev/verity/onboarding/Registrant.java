package dev.verity.onboarding;

/**
 * Who calls onboarding for one app registration: the registration, its tenant, application and flow, as the
 * dialect's registration token named them. Onboarding checks every request against it and issues no tokens:
 * the dialect has them minted by {@code token} and maps them to this.
 */
public record Registrant(String registrationId, String tenantId, String applicationId, String flowId) {
}
