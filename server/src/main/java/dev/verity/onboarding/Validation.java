package dev.verity.onboarding;

import java.time.Instant;

/**
 * An email or phone validation of a registration (see {@link ValidationStatus}). The code itself is an engine challenge bound to the
 * registration and address; it never appears here.
 *
 * @param destination the email, or the phone in E.164
 */
public record Validation(String id, String tenantId, String applicationId, String flowId, String registrationId,
        Kind kind, String destination, String phone, String countryCode, String type, String method, ValidationStatus status,
        Instant expiresAt, Instant validatedAt, Instant createdAt, Instant updatedAt) {

    /** Whether it still waits for its code at {@code now}. */
    public boolean isActive(Instant now) {
        return status.isOpenAt(expiresAt, now);
    }

    public enum Kind {
        EMAIL, PHONE;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
