package dev.verity.verification;

import java.util.Locale;

/** A challenge's life: pending until consumed, superseded by a newer one, or failed after its last attempt. */
enum ChallengeStatus {
    PENDING, CONSUMED, SUPERSEDED, FAILED;

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ChallengeStatus of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
