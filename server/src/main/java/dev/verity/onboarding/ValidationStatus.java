package dev.verity.onboarding;

import java.time.Instant;
import java.util.Locale;

/**
 * A validation's life: {@code new} → {@code sent} → {@code validated}, {@code expired} or {@code failed}
 * (attempt limit). Stored and shown as {@link #wireName()}, Verifik's lower-case names.
 */
public enum ValidationStatus {
    NEW, SENT, VALIDATED, EXPIRED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ValidationStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    /** Whether a validation in this status still waits for its code. */
    boolean open() {
        return this == NEW || this == SENT;
    }

    boolean isOpenAt(Instant expiresAt, Instant now) {
        return open() && now.isBefore(expiresAt);
    }
}
