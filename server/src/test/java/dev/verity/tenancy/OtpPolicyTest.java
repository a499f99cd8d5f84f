package dev.verity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An application's OTP policy stays within SECURITY.md rules 1, 8 and 9 whatever the set-up file says. */
class OtpPolicyTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @Test
    void defaultIsSixDigitsTenMinutesFiveChecks() {
        assertThat(OtpPolicy.DEFAULT.length()).isEqualTo(6);
        assertThat(OtpPolicy.DEFAULT.ttl()).isEqualTo(TEN_MINUTES);
        assertThat(OtpPolicy.DEFAULT.maxAttempts()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8})
    void constructWhenLengthFourToEightThenAccepted(int length) {
        assertThat(new OtpPolicy(length, TEN_MINUTES, 5).length()).isEqualTo(length);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 3, 9, 12})
    void constructWhenLengthOutsideFourToEightThenRefused(int length) {
        assertThatThrownBy(() -> new OtpPolicy(length, TEN_MINUTES, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length");
    }

    @Test
    void constructWhenTtlPositiveAndAtMostTenMinutesThenAccepted() {
        assertThat(new OtpPolicy(6, Duration.ofSeconds(1), 5).ttl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new OtpPolicy(6, Duration.ofMinutes(5), 5).ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(new OtpPolicy(6, TEN_MINUTES, 5).ttl()).isEqualTo(TEN_MINUTES);
    }

    @Test
    void constructWhenTtlZeroNegativeOrOverTenMinutesThenRefused() {
        for (Duration ttl : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMinutes(-10),
                TEN_MINUTES.plusNanos(1), TEN_MINUTES.plusSeconds(1), Duration.ofMinutes(15), Duration.ofDays(1)}) {
            assertThatThrownBy(() -> new OtpPolicy(6, ttl, 5)).as("ttl %s", ttl)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ttl");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 19, 20})
    void constructWhenMaxAttemptsOneToTwentyThenAccepted(int maxAttempts) {
        assertThat(new OtpPolicy(6, TEN_MINUTES, maxAttempts).maxAttempts()).isEqualTo(maxAttempts);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 21, 100})
    void constructWhenMaxAttemptsOutsideOneToTwentyThenRefused(int maxAttempts) {
        assertThatThrownBy(() -> new OtpPolicy(6, TEN_MINUTES, maxAttempts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_attempts");
    }
}
