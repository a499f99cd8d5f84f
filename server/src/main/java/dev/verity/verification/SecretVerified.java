package dev.verity.verification;

import dev.verity.events.DomainEvent;

/**
 * A code or magic link was consumed: the person controls {@code address}. Published in the consuming
 * transaction, after the caller's {@code onVerified} ran, so a listener sees what that action recorded.
 *
 * @param channel {@code email}, {@code sms} or {@code whatsapp}
 * @param link    verified by a magic link rather than a code
 * @param origin  the caller's own name, as in {@link SecretSent}
 */
public record SecretVerified(String tenantId, String applicationId, String subjectId, String channel, boolean link,
        String address, String origin) implements DomainEvent {

    static SecretVerified of(ChallengeKey key, boolean link, String origin) {
        return new SecretVerified(key.tenantId(), key.applicationId(), key.subjectId(), key.channel().wireName(), link,
                key.destination(), origin);
    }
}
