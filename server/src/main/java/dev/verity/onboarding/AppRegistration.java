package dev.verity.onboarding;

import java.time.Instant;

/** One person's onboarding through a project flow (Verifik's "app registration"). */
public record AppRegistration(String id, String tenantId, String applicationId, String flowId, String email,
        String phone, String countryCode, String fullName, String firstName, String lastName, String language,
        String status, String step, Instant createdAt, Instant updatedAt) {
}
