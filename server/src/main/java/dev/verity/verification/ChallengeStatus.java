package dev.verity.verification;

import java.util.Locale;

/**
 * A challenge's life: pending until consumed, superseded by a newer one, failed after its last attempt, or
 * expired (marked by the first check that found its lifetime over).
 */
enum ChallengeStatus {
    PENDING, CONSUMED, SUPERSEDED, FAILED, EXPIRED;

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ChallengeStatus of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
