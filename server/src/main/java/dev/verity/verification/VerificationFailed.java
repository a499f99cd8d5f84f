package dev.verity.verification;

import dev.verity.events.DomainEvent;

/**
 * A secret can no longer verify anything. Published once per secret, by the check that settled it: the one that
 * spent the last attempt, or the first that found it expired.
 *
 * @param channel {@code email}, {@code sms} or {@code whatsapp}
 * @param origin  the caller's own name, as in {@link SecretSent}
 */
public record VerificationFailed(String tenantId, String applicationId, String subjectId, String channel,
        boolean link, String address, Reason reason, String origin) implements DomainEvent {

    public enum Reason {
        EXPIRED, ATTEMPTS_EXHAUSTED
    }

    static VerificationFailed of(ChallengeKey key, Reason reason, String origin) {
        return new VerificationFailed(key.tenantId(), key.applicationId(), key.subjectId(), key.channel().wireName(),
                false, key.destination(), reason, origin);
    }
}
