package dev.verity.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskedTest {

    @Test
    void emailKeepsItsDomainAndTheEndsOfItsLocalPart() {
        assertThat(Masked.address("jane.doe@example.com")).isEqualTo("j***e@example.com");
        assertThat(Masked.address("jo@example.com")).isEqualTo("j***@example.com");
        assertThat(Masked.address("j@example.com")).isEqualTo("j***@example.com");
    }

    @Test
    void phoneKeepsCountryAreaAndLastTwoDigits() {
        assertThat(Masked.address("+14155550123")).isEqualTo("+1415*****23");
        assertThat(Masked.address("+573001234567")).isEqualTo("+5730******67");
    }

    @Test
    void anythingElseShowsOnlyItsFirstCharacter() {
        assertThat(Masked.address("+1415")).isEqualTo("+***");
        assertThat(Masked.address("secret-value")).isEqualTo("s***");
        assertThat(Masked.address(null)).isNull();
    }
}
