package dev.verity.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** How one challenge reads in the verification log. */
class VerificationLogTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static VerificationLog.Entry entry(String channel, String destination, ChallengeStatus status,
            Instant expiresAt) {
        return VerificationLog.Entry.of("c1", "demo", channel, "verify", destination, status, 0, "203.0.113.9",
                NOW.minusSeconds(60), expiresAt, null, NOW);
    }

    @Test
    void phoneCodesCarryTheirCountryAndEmailNone() {
        assertThat(entry("sms", "+14155550123", ChallengeStatus.PENDING, NOW.plusSeconds(60)).country()).isEqualTo("US");
        assertThat(entry("whatsapp", "+573001234567", ChallengeStatus.PENDING, NOW.plusSeconds(60)).country())
                .isEqualTo("CO");
        assertThat(entry("email", "jane@example.com", ChallengeStatus.PENDING, NOW.plusSeconds(60)).country()).isNull();
    }

    @Test
    void aPendingCodePastItsExpiryReadsExpiredAndAConsumedOneVerified() {
        assertThat(entry("email", "jane@example.com", ChallengeStatus.PENDING, NOW.minusSeconds(1)).result())
                .isEqualTo("expired");
        assertThat(entry("email", "jane@example.com", ChallengeStatus.PENDING, NOW.plusSeconds(1)).result())
                .isEqualTo("pending");
        assertThat(entry("email", "jane@example.com", ChallengeStatus.CONSUMED, NOW.plusSeconds(1)).result())
                .isEqualTo("verified");
        assertThat(entry("email", "jane@example.com", ChallengeStatus.FAILED, NOW.plusSeconds(1)).result())
                .isEqualTo("failed");
    }

    @Test
    void destinationsAndSubjectsAreMasked() {
        assertThat(entry("sms", "+14155550123", ChallengeStatus.PENDING, NOW).destination()).isEqualTo("+1415*****23");
        assertThat(VerificationLog.maskSubject("email:jane.doe@example.com")).isEqualTo("email:j***e@example.com");
        assertThat(VerificationLog.maskSubject("sms:+14155550123")).isEqualTo("sms:+1415*****23");
        assertThat(VerificationLog.maskSubject("+1415555")).isEqualTo("+1415555");
        assertThat(VerificationLog.maskSubject("203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(VerificationLog.maskSubject("2001:db8::1")).isEqualTo("2001:db8::1");
    }
}
