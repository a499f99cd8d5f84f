package dev.verity.verification;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.delivery.EmailContent;
import dev.verity.delivery.EmailRequest;
import dev.verity.delivery.OutboundSms;
import dev.verity.delivery.Outbox;
import dev.verity.delivery.SmsTexts;
import dev.verity.events.DomainEvents;
import dev.verity.protection.RateLimiter;
import dev.verity.shared.Ids;
import dev.verity.shared.ServerKey;
import dev.verity.shared.VerityProperties;
import dev.verity.tenancy.OtpPolicy;

/**
 * The verification engine: issues one-time codes and checks them. It knows nothing of API dialects or of
 * what a verified address means to the caller; callers pass that in as the action to run when a code
 * verifies, and it runs in the same transaction that consumes the code.
 */
@Service
public class ChallengeService {

    static final String OTP_EMAIL_TEMPLATE = "otp-email";
    static final String LINK_EMAIL_TEMPLATE = "link-email";
    /** Path of a magic link's landing page; the token follows. */
    public static final String LINK_PATH = "/verify/email/";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How many of a key's consumed codes a repeated validation is compared with; each consumed one validated once. */
    private static final int CONSUMED_LOOKBACK = 10;

    private final ChallengeRepository challenges;
    private final Outbox outbox;
    private final SmsTexts smsTexts;
    private final ServerKey serverKey;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ChallengeEvents events;
    private final VerityProperties properties;
    private final tools.jackson.databind.json.JsonMapper json;
    private final RateLimiter limits;
    private final DomainEvents domainEvents;

    ChallengeService(ChallengeRepository challenges, Outbox outbox, SmsTexts smsTexts, ServerKey serverKey,
            TransactionTemplate transaction, Clock clock, ChallengeEvents events, VerityProperties properties,
            tools.jackson.databind.json.JsonMapper json, RateLimiter limits, DomainEvents domainEvents) {
        this.domainEvents = domainEvents;
        this.limits = limits;
        this.events = events;
        this.properties = properties;
        this.json = json;
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
     *
     * @param origin the caller's own name, carried by the events this publishes ({@link SecretSent#origin()})
     */
    public String issueEmailOtp(String origin, ChallengeKey key, OtpPolicy policy, EmailMessage message) {
        return issueOtp(origin, key, policy, policy.ttl(), new OtpDelivery.ByEmail(message));
    }

    /** Issues a code by SMS, like {@link #issueEmailOtp}. Returns the outbox message id. */
    public String issueSmsOtp(String origin, ChallengeKey key, OtpPolicy policy, SmsMessage message) {
        return issueOtp(origin, key, policy, policy.ttl(), new OtpDelivery.BySms(message));
    }

    private String issue(String origin, ChallengeKey key, int maxAttempts, Duration ttl, String code,
            java.util.function.Supplier<String> enqueue) {
        String challengeId = Ids.newId();
        Instant now = clock.instant();
        return transaction.execute(status -> {
            challenges.supersedePending(key);
            challenges.insert(challengeId, key, hash(challengeId, code), maxAttempts, now, now.plus(ttl), null);
            String messageId = enqueue.get();
            if (messageId != null) {
                domainEvents.publish(SecretSent.of(key, false, messageId, origin));
            }
            return messageId;
        });
    }

    /**
     * Issues a code with an explicit lifetime, inside the caller's transaction when there is one (v2 writes
     * its validation row in the same transaction). {@code delivery} says how the code travels; in demo mode
     * the fixed demo code is stored and nothing is sent. Returns the outbox message id, or null for demo.
     */
    public String issueOtp(String origin, ChallengeKey key, OtpPolicy policy, Duration ttl, OtpDelivery delivery) {
        if (delivery instanceof OtpDelivery.Demo demo) {
            return issue(origin, key, policy.maxAttempts(), ttl, demo.code(), () -> null);
        }
        String code = OtpGenerator.digits(policy.length());
        if (delivery instanceof OtpDelivery.ByEmail email) {
            return issue(origin, key, policy.maxAttempts(), ttl, code, () -> outbox.enqueueEmail(key.tenantId(),
                    new EmailRequest(OTP_EMAIL_TEMPLATE, email.message().language(), key.destination(),
                            email.message().appName(), code, Math.max(1, ttl.toMinutes()), email.message().content())));
        }
        OtpDelivery.BySms sms = (OtpDelivery.BySms) delivery;
        String text = smsTexts.render(sms.message().language(), sms.message().customTemplate(), sms.message().appName(),
                code);
        return issue(origin, key, policy.maxAttempts(), ttl, code, () -> outbox.enqueueSms(
                new OutboundSms(key.tenantId(), key.destination(), text, sms.message().senderId())));
    }

    /** How an issued code reaches the person. */
    public sealed interface OtpDelivery {
        record ByEmail(EmailMessage message) implements OtpDelivery {
        }

        record BySms(SmsMessage message) implements OtpDelivery {
        }

        /** Demo mode: nothing is delivered; {@code code} is the flow's fixed demo code. */
        record Demo(String code) implements OtpDelivery {
        }
    }

    /**
     * Issues a magic link by email. The token is {@code <challenge id>.<256 random bits, base64url>}; only
     * the keyed hash of the random part is stored, bound to the challenge id (SECURITY.md rules 1, 2). The
     * link is built from {@code verity.url}, never from a request. A new link to the same user and address
     * supersedes the pending one. Returns the outbox message id.
     */
    public String issueEmailLink(String origin, ChallengeKey key, Duration ttl, LinkMessage message) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challengeId = Ids.newId();
        String url = properties.issuer() + LINK_PATH + challengeId + "." + secret;
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("redirect_uri", message.redirectUri());
        options.put("update_primary", message.updatePrimary());
        Instant now = clock.instant();
        return transaction.execute(status -> {
            challenges.supersedePending(key);
            challenges.insert(challengeId, key, hash(challengeId, secret), 1, now, now.plus(ttl),
                    json.writeValueAsString(options));
            String messageId = outbox.enqueueEmail(key.tenantId(), new EmailRequest(LINK_EMAIL_TEMPLATE,
                    message.language(), key.destination(), message.appName(), url, ttl.toMinutes(), message.content()));
            domainEvents.publish(SecretSent.of(key, true, messageId, origin));
            return messageId;
        });
    }

    /**
     * The challenge behind a link token, if the token is genuine. Reading never changes the challenge:
     * mail scanners open links, and a view must not spend them (SECURITY.md rule 15). The view itself is
     * recorded as an event.
     */
    public Optional<LinkView> viewLink(String token, String detail) {
        Optional<LinkView> link = findLink(token);
        link.ifPresent(view -> events.record(view.challengeId(), view.key().tenantId(), ChallengeEvents.LINK_VIEWED,
                detail));
        return link;
    }

    /**
     * Confirms a link: consumes it with one conditional update, so of many parallel confirmations exactly one
     * succeeds, and runs {@code onVerified} in the same transaction.
     *
     * @return the link as it was, with {@code confirmable} telling whether this call verified it
     */
    public Optional<LinkView> confirmLink(String origin, String token, Consumer<LinkView> onVerified) {
        Optional<LinkView> found = findLink(token);
        if (found.isEmpty()) {
            return found;
        }
        LinkView link = found.get();
        boolean confirmed = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!link.confirmable() || !challenges.consume(link.challengeId(), clock.instant())) {
                return false;
            }
            onVerified.accept(link);
            domainEvents.publish(SecretVerified.of(link.key(), true, origin));
            return true;
        }));
        events.record(link.challengeId(), link.key().tenantId(),
                confirmed ? ChallengeEvents.LINK_CONFIRMED : ChallengeEvents.LINK_REFUSED, null);
        return Optional.of(new LinkView(link.challengeId(), link.key(), link.redirectUri(), link.updatePrimary(),
                confirmed));
    }

    /** The challenge behind a link token, if genuine; reads only, records nothing. */
    public Optional<LinkView> findLink(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot != 36 || token.length() > 120) {
            return Optional.empty();
        }
        String challengeId = token.substring(0, dot);
        String secret = token.substring(dot + 1);
        return challenges.byId(challengeId)
                .filter(c -> c.options() != null)
                .filter(c -> ServerKey.sameHash(c.secretHash(), hash(challengeId, secret)))
                .map(c -> {
                    Map<?, ?> options = json.readValue(c.options(), Map.class);
                    return new LinkView(c.id(), c.key(), (String) options.get("redirect_uri"),
                            Boolean.TRUE.equals(options.get("update_primary")),
                            "pending".equals(c.status()) && clock.instant().isBefore(c.expiresAt()));
                });
    }

    /**
     * Checks a code under the application's failed-check budget (SECURITY.md rule 10): when the address has
     * spent it, across all its codes, even the right code is refused until the window passes; every wrong
     * code spends one. The right code that another check consumed first ({@link CodeAlreadyUsedException})
     * spends nothing.
     *
     * @throws dev.verity.protection.RateLimitedException when the budget is spent
     */
    public void check(String origin, dev.verity.tenancy.Application app, ChallengeKey key, String candidate,
            Runnable onVerified) {
        String channel = key.channel().column();
        limits.requireCheckBudget(app, channel, key.destination());
        try {
            check(origin, key, candidate, onVerified);
        } catch (CodeAlreadyUsedException e) {
            throw e;
        } catch (CodeInvalidException e) {
            limits.recordFailedCheck(app, channel, key.destination());
            throw e;
        }
    }

    /**
     * Checks a code. The attempt is counted in the same conditional statement that decides the outcome, so
     * parallel checks can neither exceed the budget nor consume a code twice. A check that finds its code
     * consumed, before or by losing the race for it, compares the candidate with the stored keyed hash,
     * which consumption keeps, and so can say {@link CodeAlreadyUsedException} rather than "wrong code".
     *
     * @param onVerified runs inside the consuming transaction; if it throws, the code stays unconsumed
     * @throws NoPendingCodeException   when no code was issued under the key
     * @throws CodeExpiredException     when the pending code has expired
     * @throws CodeAlreadyUsedException for the right code when another check consumed it
     * @throws CodeInvalidException     for a wrong, superseded or exhausted code
     */
    public void check(String origin, ChallengeKey key, String candidate, Runnable onVerified) {
        Outcome outcome = transaction.execute(status -> {
            ChallengeRepository.StoredChallenge challenge = challenges.latest(key)
                    .orElseThrow(NoPendingCodeException::new);
            boolean matches = candidate != null
                    && ServerKey.sameHash(challenge.secretHash(), hash(challenge.id(), candidate));
            if (!"pending".equals(challenge.status())) {
                if (matches && "consumed".equals(challenge.status())) {
                    return Outcome.ALREADY_USED;
                }
                if ("expired".equals(challenge.status())) {
                    return Outcome.EXPIRED;
                }
                return "failed".equals(challenge.status()) ? Outcome.EXHAUSTED : Outcome.INVALID;
            }
            Instant now = clock.instant();
            if (!now.isBefore(challenge.expiresAt())) {
                // committed, so the expiry is reported once, by the first check that found it
                if (challenges.expire(challenge.id())) {
                    domainEvents.publish(VerificationFailed.of(key, VerificationFailed.Reason.EXPIRED, origin));
                }
                return Outcome.EXPIRED;
            }
            if (matches) {
                if (challenges.consume(challenge.id(), now)) {
                    onVerified.run();
                    domainEvents.publish(SecretVerified.of(key, false, origin));
                    return Outcome.VERIFIED;
                }
                // lost to a parallel check; what that check did is committed by now
                return challenges.status(challenge.id()).filter("consumed"::equals).isPresent()
                        ? Outcome.ALREADY_USED : Outcome.INVALID;
            }
            // exhausted only if this very check spent the last attempt
            if (challenges.countFailure(challenge.id()) && challenge.attempts() + 1 >= challenge.maxAttempts()) {
                domainEvents.publish(VerificationFailed.of(key, VerificationFailed.Reason.ATTEMPTS_EXHAUSTED, origin));
                return Outcome.EXHAUSTED;
            }
            return Outcome.INVALID;
        });
        switch (outcome) {
            case VERIFIED -> {
            }
            case EXPIRED -> throw new CodeExpiredException();
            case ALREADY_USED -> throw new CodeAlreadyUsedException();
            case EXHAUSTED -> throw new CodeInvalidException(true);
            case INVALID -> throw new CodeInvalidException(false);
        }
    }

    private enum Outcome {
        VERIFIED, ALREADY_USED, EXPIRED, EXHAUSTED, INVALID
    }

    /**
     * Whether {@code candidate} is a code consumed under the key: how a dialect that answers a repeated
     * validation as the validated object tells its holder from a guesser. Runs under the failed-check
     * budget like {@link #check(dev.verity.tenancy.Application, ChallengeKey, String, Runnable)}, and a
     * wrong candidate spends it.
     *
     * @throws dev.verity.protection.RateLimitedException when the budget is spent
     */
    public boolean wasConsumedWith(dev.verity.tenancy.Application app, ChallengeKey key, String candidate) {
        String channel = key.channel().column();
        limits.requireCheckBudget(app, channel, key.destination());
        boolean matches = candidate != null && challenges.consumed(key, CONSUMED_LOOKBACK).stream()
                .anyMatch(c -> ServerKey.sameHash(c.secretHash(), hash(c.id(), candidate)));
        if (!matches) {
            limits.recordFailedCheck(app, channel, key.destination());
        }
        return matches;
    }

    private String hash(String challengeId, String secret) {
        return serverKey.hash("challenge", challengeId, secret);
    }

    /** What the email around a code says: its language, the application's name, optional caller texts. */
    public record EmailMessage(String language, String appName, EmailContent content) {
    }

    /** What a magic-link email says and where the person goes after confirming. */
    public record LinkMessage(String language, String appName, EmailContent content, String redirectUri,
            boolean updatePrimary) {
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
