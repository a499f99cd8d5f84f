package dev.verity.verification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import dev.verity.protection.ProtectionLog;
import dev.verity.shared.Masked;
import dev.verity.shared.PhoneNumbers;

/**
 * What the engine did, for the admin API and the portal: every code and link it issued, with its outcome, and
 * what the protection rules refused or block. Destinations and subjects are masked ({@link Masked}); no secret
 * is ever part of it.
 */
@Service
public class VerificationLog {

    private static final Pattern LABELLED = Pattern.compile("([a-z_]+:)(.+)");

    private final ChallengeRepository challenges;
    private final ProtectionLog protection;
    private final Clock clock;

    VerificationLog(ChallengeRepository challenges, ProtectionLog protection, Clock clock) {
        this.challenges = challenges;
        this.protection = protection;
        this.clock = clock;
    }

    /**
     * One code or link. {@code result}: {@code pending}, {@code verified}, {@code expired}, {@code failed} (its
     * attempts ran out), {@code superseded} (a newer one replaced it). {@code country}: the ISO 3166 region of a
     * phone number, null for email.
     */
    public record Entry(String id, String application, String channel, String purpose, String destination,
            String country, String result, int attempts, String ip, Instant createdAt, Instant verifiedAt) {

        static Entry of(String id, String application, String channel, String purpose, String destination,
                ChallengeStatus status, int attempts, String ip, Instant createdAt, Instant expiresAt,
                Instant consumedAt, Instant now) {
            String result = switch (status) {
                case CONSUMED -> "verified";
                case PENDING -> expiresAt.isAfter(now) ? "pending" : "expired";
                default -> status.column();
            };
            String country = channel.equals(Channel.EMAIL.wireName()) ? null : PhoneNumbers.regionOf(destination);
            return new Entry(id, application, channel, purpose, Masked.address(destination), country, result,
                    attempts, ip, createdAt, consumedAt);
        }
    }

    /** Codes and links of one channel issued in a period, and how many were verified. */
    public record ChannelCount(String channel, long issued, long verified) {

        /** Verified per issued, in whole per cent (0 when nothing was issued). */
        public long conversionPercent() {
            return issued == 0 ? 0 : Math.round(100.0 * verified / issued);
        }
    }

    /** Per channel, what the tenant issued over the last {@code period} and how much of it was verified. */
    public List<ChannelCount> counts(String tenantId, Duration period) {
        return challenges.counts(tenantId, clock.instant().minus(period));
    }

    /** The tenant's codes and links, newest first; {@code applicationId} null for all of its applications. */
    public List<Entry> verifications(String tenantId, String applicationId, int offset, int limit) {
        return challenges.log(tenantId, applicationId, offset, limit, clock.instant());
    }

    /** A refusal of a protection rule; {@code subject} (address, number, prefix or IP) masked where personal. */
    public record Refusal(String application, String kind, String subject, Instant at) {
    }

    /** An SMS number prefix that gets no code until {@code until}. */
    public record Block(String application, String prefix, Instant until) {
    }

    /** The tenant's protection refusals, newest first, their subjects masked. */
    public List<Refusal> protectionEvents(String tenantId, int offset, int limit) {
        return protection.events(tenantId, offset, limit).stream()
                .map(e -> new Refusal(e.application(), e.kind(), maskSubject(e.subject()), e.at()))
                .toList();
    }

    /** The number prefixes blocked on these applications (the tenant's), as they stand. */
    public List<Block> blockedPrefixes(Collection<String> applicationIds) {
        return protection.blocks(applicationIds).stream().map(b -> new Block(b.application(), b.prefix(), b.until()))
                .toList();
    }

    /** Lifts a prefix block of an application; false when there was none. */
    public boolean liftBlock(String applicationId, String prefix) {
        return protection.lift(applicationId, prefix);
    }

    /**
     * Addresses and numbers are masked, also after a {@code channel:} label; a prefix or an IP address is what
     * the rule was about, and stays.
     */
    static String maskSubject(String subject) {
        if (subject == null) {
            return null;
        }
        Matcher labelled = LABELLED.matcher(subject);
        if (labelled.matches()) {
            return labelled.group(1) + maskSubject(labelled.group(2));
        }
        boolean number = subject.startsWith("+") && subject.length() >= 11;
        return subject.contains("@") || number ? Masked.address(subject) : subject;
    }
}
