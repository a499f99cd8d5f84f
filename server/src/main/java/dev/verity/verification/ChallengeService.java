package dev.verity.verification;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.delivery.EmailContent;
import dev.verity.delivery.EmailRequest;
import dev.verity.delivery.OutboundSms;
import dev.verity.delivery.Outbox;
import dev.verity.delivery.SmsTexts;
import dev.verity.shared.Ids;
import dev.verity.shared.ServerKey;
import dev.verity.tenancy.OtpPolicy;

/**
 * The verification engine: issues one-time codes and checks them. It knows nothing of API dialects or of
 * what a verified address means to the caller; callers pass that in as the action to run when a code
 * verifies, and it runs in the same transaction that consumes the code.
 */
@Service
public class ChallengeService {

    static final String OTP_EMAIL_TEMPLATE = "otp-email";

    private final ChallengeRepository challenges;
    private final Outbox outbox;
    private final SmsTexts smsTexts;
    private final ServerKey serverKey;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ChallengeService(ChallengeRepository challenges, Outbox outbox, SmsTexts smsTexts, ServerKey serverKey,
            TransactionTemplate transaction, Clock clock) {
        this.challenges = challenges;
        this.outbox = outbox;
        this.smsTexts = smsTexts;
        this.serverKey = serverKey;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Issues a code by email: supersedes any pending code under the same key, stores the new one hashed, and
     * queues the message, all in one transaction. Returns the outbox message id.
     */
    public String issueEmailOtp(ChallengeKey key, OtpPolicy policy, EmailMessage message) {
        String code = OtpGenerator.digits(policy.length());
        return issue(key, policy, code, () -> outbox.enqueueEmail(key.tenantId(), new EmailRequest(OTP_EMAIL_TEMPLATE,
                message.language(), key.destination(), message.appName(), code, policy.ttl().toMinutes(),
                message.content())));
    }

    /** Issues a code by SMS, like {@link #issueEmailOtp}. Returns the outbox message id. */
    public String issueSmsOtp(ChallengeKey key, OtpPolicy policy, SmsMessage message) {
        String code = OtpGenerator.digits(policy.length());
        String text = smsTexts.render(message.language(), message.customTemplate(), message.appName(), code);
        return issue(key, policy, code, () -> outbox.enqueueSms(
                new OutboundSms(key.tenantId(), key.destination(), text, message.senderId())));
    }

    private String issue(ChallengeKey key, OtpPolicy policy, String code, java.util.function.Supplier<String> enqueue) {
        String challengeId = Ids.newId();
        Instant now = clock.instant();
        return transaction.execute(status -> {
            challenges.supersedePending(key);
            challenges.insert(challengeId, key, hash(challengeId, code), policy.maxAttempts(), now,
                    now.plus(policy.ttl()), null);
            return enqueue.get();
        });
    }

    /**
     * Checks a code. The attempt is counted in the same conditional statement that decides the outcome, so
     * parallel checks can neither exceed the budget nor consume a code twice.
     *
     * @param onVerified runs inside the consuming transaction; if it throws, the code stays unconsumed
     * @throws NoPendingCodeException when no code was issued under the key
     * @throws CodeExpiredException   when the pending code has expired
     * @throws CodeInvalidException   for a wrong, used, superseded or exhausted code
     */
    public void check(ChallengeKey key, String candidate, Runnable onVerified) {
        Boolean verified = transaction.execute(status -> {
            ChallengeRepository.StoredChallenge challenge = challenges.latest(key)
                    .orElseThrow(NoPendingCodeException::new);
            if (!"pending".equals(challenge.status())) {
                return false;
            }
            Instant now = clock.instant();
            if (!now.isBefore(challenge.expiresAt())) {
                throw new CodeExpiredException();
            }
            boolean matches = candidate != null
                    && ServerKey.sameHash(challenge.secretHash(), hash(challenge.id(), candidate));
            if (matches && challenges.consume(challenge.id(), now)) {
                onVerified.run();
                return true;
            }
            if (!matches) {
                challenges.countFailure(challenge.id());
            }
            return false;
        });
        if (!Boolean.TRUE.equals(verified)) {
            throw new CodeInvalidException();
        }
    }

    private String hash(String challengeId, String secret) {
        return serverKey.hash("challenge", challengeId, secret);
    }

    /** What the email around a code says: its language, the application's name, optional caller texts. */
    public record EmailMessage(String language, String appName, EmailContent content) {
    }

    /**
     * What the SMS around a code says.
     *
     * @param customTemplate the caller's text with {@code {otp}} and {@code {app}}, or null for the default
     * @param senderId       alphanumeric sender for providers that support one, or null
     */
    public record SmsMessage(String language, String appName, String customTemplate, String senderId) {
    }
}
