package dev.verity.verification;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.events.DomainEvents;
import dev.verity.protection.DestinationNotAllowedException;
import dev.verity.protection.RateLimitedException;
import dev.verity.protection.RateLimiter;
import dev.verity.protection.SmsDestinations;
import dev.verity.shared.Ids;
import dev.verity.shared.ServerKey;
import dev.verity.shared.VerityProperties;
import dev.verity.verification.CheckCaller.Refusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's one door: its two use cases, <em>issue a secret to a destination</em> and <em>check a
 * secret</em>, each one transaction that runs every guard for every caller — destination rules and the daily
 * budget for paid channels, the send budgets and cooldown, the failed-check budget, conversion recording —
 * with the caller's own checks and writes ({@link SendCaller}, {@link CheckCaller}) inside it; a caller that
 * needs reads before the engine's may open the transaction itself, and the engine joins it. A refusal by a
 * guard or a check is returned as an {@link Outcome}, never thrown inside the transaction, so its record
 * (the attempt counted, the budget event) commits; nothing is charged for it. The engine knows nothing of
 * dialects or wire shapes.
 */
@Service
public class VerificationEngine {

    /** Path of a magic link's landing page; the token follows. */
    public static final String LINK_PATH = "/verify/email/";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How many of a key's consumed codes a repeated validation is compared with. */
    private static final int CONSUMED_LOOKBACK = 10;

    private final ChallengeRepository challenges;
    private final SecretDelivery delivery;
    private final RateLimiter limits;
    private final SmsDestinations destinations;
    private final ServerKey serverKey;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final JsonMapper json;
    private final DomainEvents events;
    private final String linkBase;

    VerificationEngine(ChallengeRepository challenges, SecretDelivery delivery, RateLimiter limits,
            SmsDestinations destinations, ServerKey serverKey, TransactionTemplate transaction, Clock clock,
            JsonMapper json, DomainEvents events, VerityProperties properties) {
        this.events = events;
        this.challenges = challenges;
        this.delivery = delivery;
        this.limits = limits;
        this.destinations = destinations;
        this.serverKey = serverKey;
        this.transaction = transaction;
        this.clock = clock;
        this.json = json;
        this.linkBase = properties.issuer() + LINK_PATH;
    }

    /**
     * Issues a secret: the destination rules, the caller's checks, the send budgets, the new challenge
     * (superseding the pending one under the same key), its outbox message and the caller's writes, in one
     * transaction. Refused with {@link DestinationRefusedException} when a paid channel may not reach the
     * number, {@link BudgetSpentException} when a send budget or the cooldown is spent.
     */
    public <T> Outcome<T> issue(SendRequest request, SendCaller<T> caller) {
        return transaction.execute(status -> {
            ChallengeKey key = request.key();
            boolean delivered = !(request.secret() instanceof Secret.DemoCode);
            boolean paid = delivered && key.channel().paid();
            try {
                // the contract's order: where a paid message may go (403), the caller's own refusals (404,
                // 409), then the budgets (429)
                if (paid) {
                    destinations.requireAllowed(request.app(), key.destination());
                }
                caller.require();
                if (delivered) {
                    limits.chargeSend(request.app(), new RateLimiter.Sender(key.channel().wireName(), key.destination(),
                            key.subjectId(), request.clientIp(), paid));
                }
            } catch (RateLimitedException e) {
                return Outcome.refused(new BudgetSpentException(e.retryAfter()));
            } catch (DestinationNotAllowedException e) {
                return Outcome.refused(new DestinationRefusedException());
            }
            Issued issued = write(request);
            if (paid) {
                destinations.recordSend(request.app(), key.destination());
            }
            if (issued.messageId() != null) {
                events.publish(SecretSent.of(key, request.secret() instanceof Secret.Link, issued.messageId(),
                        request.origin()));
            }
            return Outcome.of(caller.issued(issued));
        });
    }

    private Issued write(SendRequest request) {
        ChallengeKey key = request.key();
        Secret secret = request.secret();
        String challengeId = Ids.newId();
        Instant now = clock.instant();
        challenges.supersedePending(key);
        if (secret instanceof Secret.DemoCode demo) {
            challenges.insert(challengeId, key, hash(challengeId, demo.code()), demo.maxAttempts(), now,
                    now.plus(demo.ttl()), null, request.clientIp());
            return new Issued(challengeId, null);
        }
        if (secret instanceof Secret.Code code) {
            String digits = OtpGenerator.digits(code.length());
            challenges.insert(challengeId, key, hash(challengeId, digits), code.maxAttempts(), now,
                    now.plus(code.ttl()), null, request.clientIp());
            return new Issued(challengeId, delivery.code(key, digits, code.ttl(), request.wording()));
        }
        Secret.Link link = (Secret.Link) secret;
        String random = randomToken();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("redirect_uri", link.redirectUri());
        options.put("update_primary", link.updatePrimary());
        challenges.insert(challengeId, key, hash(challengeId, random), 1, now, now.plus(link.ttl()),
                json.writeValueAsString(options), request.clientIp());
        return new Issued(challengeId, delivery.link(key, linkBase + challengeId + "." + random, link.ttl(),
                request.wording()));
    }

    /**
     * Checks a code under the failed-check budget (SECURITY.md rule 10), in one transaction: when the address
     * has spent the budget, across all its codes, even the right code is refused until the window passes;
     * every wrong code spends one. The attempt is counted in the same conditional statement that decides the
     * outcome, so parallel checks can neither exceed the attempts nor consume a code twice. The right code
     * that another check consumed first spends nothing. Refused with {@link BudgetSpentException} when the
     * budget is spent, {@link CodeExpiredException} when the pending code has expired,
     * {@link CodeAlreadyUsedException} for the right code another check consumed, {@link CodeInvalidException}
     * for a wrong, superseded or exhausted code.
     *
     * @throws NoPendingCodeException when no code was issued under the key (nothing is recorded)
     */
    public Outcome<Void> check(CheckRequest request, CheckCaller caller) {
        return transaction.execute(status -> {
            try {
                limits.requireCheckBudget(request.app(), request.key().channel().wireName(), request.key().destination());
            } catch (RateLimitedException e) {
                return Outcome.refused(new BudgetSpentException(e.retryAfter()));
            }
            RuntimeException refusal = decide(request, caller);
            return refusal == null ? Outcome.<Void>of(null) : Outcome.<Void>refused(refusal);
        });
    }

    /** The check's decision, made and recorded inside its transaction; null when the code verified. */
    private RuntimeException decide(CheckRequest request, CheckCaller caller) {
        ChallengeKey key = request.key();
        ChallengeRepository.StoredChallenge challenge = challenges.latest(key).orElseThrow(NoPendingCodeException::new);
        String candidate = request.candidate();
        boolean matches = candidate != null && ServerKey.sameHash(challenge.secretHash(), hash(challenge.id(), candidate));
        Instant now = clock.instant();
        if (challenge.status() == ChallengeStatus.EXPIRED) {
            return new CodeExpiredException();
        }
        if (challenge.status() == ChallengeStatus.PENDING && !now.isBefore(challenge.expiresAt())) {
            // committed, so the expiry is reported once, by the first check that finds it
            if (challenges.expire(challenge.id())) {
                caller.refused(Refusal.EXPIRED);
                events.publish(VerificationFailed.of(key, VerificationFailed.Reason.EXPIRED, request.origin()));
            }
            return new CodeExpiredException();
        }
        if (matches && challenge.status() == ChallengeStatus.PENDING && challenges.consume(challenge.id(), now)) {
            caller.verified();
            events.publish(SecretVerified.of(key, false, request.origin()));
            if (key.channel().paid()) {
                destinations.recordConversion(request.app(), key.destination());
            }
            return null;
        }
        if (matches && (challenge.status() == ChallengeStatus.CONSUMED
                || challenges.status(challenge.id()).filter(ChallengeStatus.CONSUMED::equals).isPresent())) {
            // consumed before, or by the parallel check that won the race; that check's work is committed
            return new CodeAlreadyUsedException();
        }
        boolean spentLast = challenge.status() == ChallengeStatus.PENDING && challenges.countFailure(challenge.id())
                && challenge.attempts() + 1 >= challenge.maxAttempts();
        boolean exhausted = spentLast || challenge.status() == ChallengeStatus.FAILED;
        limits.recordFailedCheck(request.app(), key.destination());
        if (spentLast) {
            events.publish(VerificationFailed.of(key, VerificationFailed.Reason.ATTEMPTS_EXHAUSTED, request.origin()));
        }
        caller.refused(exhausted ? Refusal.EXHAUSTED : Refusal.WRONG);
        return new CodeInvalidException(exhausted);
    }

    /**
     * Whether {@code candidate} is a code consumed under the key: how a dialect that answers a repeated
     * validation as the validated object tells its holder from a guesser. Runs under the failed-check budget
     * like {@link #check}, and a wrong candidate spends it; refused with {@link BudgetSpentException}.
     */
    public Outcome<Boolean> wasConsumedWith(CheckRequest request) {
        return transaction.execute(status -> {
            try {
                limits.requireCheckBudget(request.app(), request.key().channel().wireName(), request.key().destination());
            } catch (RateLimitedException e) {
                return Outcome.refused(new BudgetSpentException(e.retryAfter()));
            }
            String candidate = request.candidate();
            boolean matches = candidate != null && challenges.consumed(request.key(), CONSUMED_LOOKBACK).stream()
                    .anyMatch(c -> ServerKey.sameHash(c.secretHash(), hash(c.id(), candidate)));
            if (!matches) {
                limits.recordFailedCheck(request.app(), request.key().destination());
            }
            return Outcome.of(matches);
        });
    }

    String hash(String challengeId, String secret) {
        return serverKey.hash("challenge", challengeId, secret);
    }

    private static String randomToken() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Lifetime in whole minutes for message texts, at least one. */
    static long minutes(Duration ttl) {
        return Math.max(1, ttl.toMinutes());
    }
}
