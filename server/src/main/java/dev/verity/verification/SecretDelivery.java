package dev.verity.verification;

import java.time.Duration;

import org.springframework.stereotype.Component;

import dev.verity.delivery.Outbox;
import dev.verity.delivery.SecretMessage;

/**
 * Hands an issued secret to the outbox, in the send's transaction: what the message says, for the channel of
 * the challenge's key to word and deliver. Returns the outbox message id.
 */
@Component
class SecretDelivery {

    private final Outbox outbox;

    SecretDelivery(Outbox outbox) {
        this.outbox = outbox;
    }

    String code(ChallengeKey key, String code, Duration ttl, Wording wording) {
        return enqueue(key, SecretMessage.Form.CODE, code, VerificationEngine.minutes(ttl), wording);
    }

    String link(ChallengeKey key, String url, Duration ttl, Wording wording) {
        return enqueue(key, SecretMessage.Form.LINK, url, ttl.toMinutes(), wording);
    }

    private String enqueue(ChallengeKey key, SecretMessage.Form form, String secret, long minutes, Wording wording) {
        return outbox.enqueue(key.tenantId(), new SecretMessage(key.channel().wireName(), key.destination(), form,
                secret, minutes, wording.language(), wording.appName(), wording.content(), wording.customText(),
                wording.senderId()));
    }
}
