package dev.verity.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Phones are parsed by libphonenumber, written with their country code, and stored in E.164 (rule 20). */
class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+14155552671      | +14155552671",
            "+1 415 555 2671   | +14155552671",
            "+1-415-555-2671   | +14155552671",
            "+1 (415) 555-2671 | +14155552671",
            "+1.415.555.2671   | +14155552671",
            "' +1 415 555 2671 '| +14155552671",
            "+34 612 345 678   | +34612345678",
            "+57 301 234 5678  | +573012345678",
            "+44 7400 123456   | +447400123456"})
    void toE164WhenInternationalFormatThenE164(String raw, String expected) {
        assertThat(PhoneNumbers.toE164(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            " ",
            "+",
            "4155552671",              // national format, no country code
            "(415) 555-2671",
            "001 415 555 2671",        // international prefix instead of +
            "+1 415 555 267",          // too short
            "+1 415 555 26711",        // too long
            "+1 415 CALL NOW",         // letters (vanity numbers are not accepted)
            "+1 415 555 2671 x123",    // extension
            "+1415555267a",
            "+999 1234 5678",          // no such country code
            "+1 415 555 2671\r\nX: y", // header injection
            "+1 415 555\t2671",
            "\uFF0B1 415 555 2671",    // full-width plus
            "+1 415 555 2671 +1 415 555 2672",
            "+12345678901234567890123456789012345"})
    void toE164WhenNotAValidInternationalNumberThenRejected(String raw) {
        assertThatThrownBy(() -> PhoneNumbers.toE164(raw))
                .as("%s", raw)
                .isInstanceOf(IllegalArgumentException.class);
    }
}
