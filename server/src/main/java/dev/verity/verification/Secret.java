package dev.verity.verification;

import java.time.Duration;

/** What is issued: a one-time code, a magic link, or a flow's fixed demo code that is never delivered. */
public sealed interface Secret {

    Duration ttl();

    /** A code of {@code length} digits, checked at most {@code maxAttempts} times. */
    record Code(int length, Duration ttl, int maxAttempts) implements Secret {
    }

    /** A magic link, consumed once; {@code redirectUri} and {@code updatePrimary} come back to the landing page. */
    record Link(Duration ttl, String redirectUri, boolean updatePrimary) implements Secret {
    }

    /** Demo mode: {@code code} is stored, nothing is delivered, no budget is charged. */
    record DemoCode(String code, Duration ttl, int maxAttempts) implements Secret {
    }
}
