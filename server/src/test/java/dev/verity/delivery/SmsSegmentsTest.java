package dev.verity.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Segment arithmetic of 3GPP TS 23.038 as carriers bill it. */
class SmsSegmentsTest {

    @Test
    void ofWhenPlainGsmTextThenGsm7With160PerSingleAnd153PerPart() {
        assertThat(SmsSegments.of("Your Demo App verification code is: 123456")).isEqualTo(new SmsSegments("GSM-7", 1));
        assertThat(SmsSegments.of("a".repeat(160))).isEqualTo(new SmsSegments("GSM-7", 1));
        assertThat(SmsSegments.of("a".repeat(161))).isEqualTo(new SmsSegments("GSM-7", 2));
        assertThat(SmsSegments.of("a".repeat(306))).isEqualTo(new SmsSegments("GSM-7", 2));
        assertThat(SmsSegments.of("a".repeat(307))).isEqualTo(new SmsSegments("GSM-7", 3));
    }

    @Test
    void ofWhenExtensionCharactersThenTheyCountTwice() {
        assertThat(SmsSegments.of("€".repeat(80))).isEqualTo(new SmsSegments("GSM-7", 1));
        assertThat(SmsSegments.of("€".repeat(81))).isEqualTo(new SmsSegments("GSM-7", 2));
        assertThat(SmsSegments.of("Tu código es 123456 [ok]")).isEqualTo(new SmsSegments("UCS-2", 1));
    }

    @Test
    void ofWhenCharacterOutsideGsmThenUcs2With70PerSingleAnd67PerPart() {
        assertThat(SmsSegments.of("Código ✓").encoding()).isEqualTo("UCS-2");
        assertThat(SmsSegments.of("я".repeat(70))).isEqualTo(new SmsSegments("UCS-2", 1));
        assertThat(SmsSegments.of("я".repeat(71))).isEqualTo(new SmsSegments("UCS-2", 2));
        assertThat(SmsSegments.of("я".repeat(134))).isEqualTo(new SmsSegments("UCS-2", 2));
        assertThat(SmsSegments.of("я".repeat(135))).isEqualTo(new SmsSegments("UCS-2", 3));
        // an emoji is two UTF-16 units
        assertThat(SmsSegments.of("😀".repeat(35))).isEqualTo(new SmsSegments("UCS-2", 1));
        assertThat(SmsSegments.of("😀".repeat(36))).isEqualTo(new SmsSegments("UCS-2", 2));
    }

    @Test
    void ofWhenSpanishAccentsInGsmSetThenStillGsm7() {
        assertThat(SmsSegments.of("Tu cödigo ès ñ").encoding()).isEqualTo("GSM-7");
    }
}
