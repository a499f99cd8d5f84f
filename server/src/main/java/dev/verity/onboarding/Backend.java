package dev.verity.onboarding;

/** An application backend creating a registration on its users' behalf (the dialect's client token). */
public record Backend(String tenantId, String applicationId) {
}
