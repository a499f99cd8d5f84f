package dev.verity.verification;

import java.time.Duration;

import org.springframework.stereotype.Component;

import dev.verity.delivery.EmailRequest;
import dev.verity.delivery.OutboundSms;
import dev.verity.delivery.Outbox;
import dev.verity.delivery.SmsTexts;

/** Hands an issued secret to the outbox, in the send's transaction. Returns the outbox message id. */
@Component
class SecretDelivery {

    private final Outbox outbox;
    private final SmsTexts smsTexts;

    SecretDelivery(Outbox outbox, SmsTexts smsTexts) {
        this.outbox = outbox;
        this.smsTexts = smsTexts;
    }

    String code(ChallengeKey key, String code, Duration ttl, Wording wording) {
        if (key.channel() == Channel.EMAIL) {
            return outbox.enqueueEmail(key.tenantId(), new EmailRequest("otp-email", wording.language(),
                    key.destination(), wording.appName(), code, VerificationEngine.minutes(ttl), wording.content()));
        }
        String text = smsTexts.render(wording.language(), wording.customText(), wording.appName(), code);
        return outbox.enqueueSms(new OutboundSms(key.tenantId(), key.destination(), text, wording.senderId()));
    }

    String link(ChallengeKey key, String url, Duration ttl, Wording wording) {
        return outbox.enqueueEmail(key.tenantId(), new EmailRequest("link-email", wording.language(),
                key.destination(), wording.appName(), url, ttl.toMinutes(), wording.content()));
    }
}
