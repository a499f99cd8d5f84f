package dev.verity.delivery;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a queued message stands: {@code pending} → {@code sending} (claimed by a node) → {@code sent} or
 * {@code failed}; an SMS whose provider reports back then moves to {@code delivered} or {@code undelivered}.
 * Stored and shown as {@link #wireName()}.
 */
public enum OutboxStatus {
    PENDING, SENDING, SENT, DELIVERED, UNDELIVERED, FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of that wire name, or empty for any other text (a provider's intermediate states). */
    public static Optional<OutboxStatus> of(String wireName) {
        for (OutboxStatus status : values()) {
            if (status.wireName().equals(wireName)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Whether a provider's report may set this status: the final ones only. */
    public boolean reportable() {
        return this == DELIVERED || this == UNDELIVERED || this == FAILED;
    }
}
