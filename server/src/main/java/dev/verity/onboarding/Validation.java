package dev.verity.onboarding;

import java.time.Instant;

/**
 * An email or phone validation of a registration. Status: {@code new} → {@code sent} → {@code validated},
 * {@code expired} or {@code failed} (attempt limit). The code itself is an engine challenge bound to the
 * registration and address; it never appears here.
 *
 * @param destination the email, or the phone in E.164
 */
public record Validation(String id, String tenantId, String applicationId, String flowId, String registrationId,
        Kind kind, String destination, String phone, String countryCode, String type, String method, String status,
        Instant expiresAt, Instant validatedAt, Instant createdAt, Instant updatedAt) {

    public enum Kind {
        EMAIL, PHONE;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
