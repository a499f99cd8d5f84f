package dev.verity.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One-time passcodes (SECURITY.md rule 1): digits only, exactly the configured length, uniformly drawn.
 * The statistical checks use bounds so far from the expected values that a correct generator never fails
 * them (each is dozens of standard deviations away), while a biased or narrow one does.
 */
class OtpGeneratorTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8})
    void digitsWhenLengthAllowedThenExactlyThatManyDigitsIncludingLeadingZeros(int length) {
        boolean sawLeadingZero = false;
        for (int i = 0; i < 2_000; i++) {
            String code = OtpGenerator.digits(length);
            assertThat(code).hasSize(length).matches("[0-9]+");
            sawLeadingZero |= code.charAt(0) == '0';
        }
        // P(no leading zero in 2,000 uniform draws) = 0.9^2000, about 1e-92
        assertThat(sawLeadingZero).as("a code starting with 0 among 2,000 draws").isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -6, 0, 1, 3, 9, 10, 20})
    void digitsWhenLengthOutsideFourToEightThenRefused(int length) {
        assertThatThrownBy(() -> OtpGenerator.digits(length)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void digitsWhenManyDrawsThenLeadingDigitsAndValuesLookUniform() {
        int draws = 20_000;
        int[] leading = new int[10];
        int[] last = new int[10];
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < draws; i++) {
            String code = OtpGenerator.digits(6);
            leading[code.charAt(0) - '0']++;
            last[code.charAt(5) - '0']++;
            distinct.add(code);
        }
        for (int digit = 0; digit < 10; digit++) {
            // expected 2,000 each, standard deviation about 42: [1,000, 3,000] is more than 20 sigma wide
            assertThat(leading[digit]).as("codes starting with %d", digit).isBetween(1_000, 3_000);
            assertThat(last[digit]).as("codes ending with %d", digit).isBetween(1_000, 3_000);
        }
        // 20,000 draws from 10^6 values collide about 200 times (sd about 14); 1,000 collisions is impossible
        assertThat(distinct).hasSizeGreaterThan(19_000);
    }
}
