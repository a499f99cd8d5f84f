package dev.verity.verification;

import java.time.Duration;

/**
 * A send or check budget is spent (SECURITY.md rule 10): refused, and worth retrying after
 * {@link #retryAfter()}. The refusal was recorded; nothing was charged.
 */
public class BudgetSpentException extends RuntimeException {

    private final Duration retryAfter;

    BudgetSpentException(Duration retryAfter) {
        super("budget spent", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, rounded up, at least 1: the {@code Retry-After} header value. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
