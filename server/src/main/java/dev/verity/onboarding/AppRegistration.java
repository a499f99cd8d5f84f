package dev.verity.onboarding;

import java.time.Instant;

/**
 * One person's onboarding through a project flow (Verifik's "app registration").
 *
 * @param step the step last synced, null before the first sync
 */
public record AppRegistration(String id, String tenantId, String applicationId, String flowId, String email,
        String phone, String countryCode, String fullName, String firstName, String lastName, String language,
        RegistrationStatus status, RegistrationStep step, Instant createdAt, Instant updatedAt) {
}
