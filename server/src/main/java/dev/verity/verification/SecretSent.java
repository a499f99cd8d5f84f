package dev.verity.verification;

import dev.verity.events.DomainEvent;

/**
 * A code or magic link was queued for delivery to {@code address}. Never carries the secret itself.
 *
 * @param subjectId the user or registration the secret is bound to
 * @param channel   how it travels: {@code email}, {@code sms} or {@code whatsapp}
 * @param link      a magic link rather than a code
 * @param messageId the outbox message that carries it
 * @param origin    the caller's own name ({@code v1}, {@code onboarding}), so each dialect reports only its own
 */
public record SecretSent(String tenantId, String applicationId, String subjectId, String channel, boolean link,
        String address, String messageId, String origin) implements DomainEvent {

    static SecretSent of(ChallengeKey key, boolean link, String messageId, String origin) {
        return new SecretSent(key.tenantId(), key.applicationId(), key.subjectId(), key.channel().wireName(), link,
                key.destination(), messageId, origin);
    }
}
