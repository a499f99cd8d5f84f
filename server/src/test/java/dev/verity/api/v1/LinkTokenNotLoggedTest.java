package dev.verity.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SECURITY.md rule 3 for links: an error log names the landing path, never the token in it. */
class LinkTokenNotLoggedTest {

    @Test
    void withoutLinkTokenWhenLandingPathThenTokenHidden() {
        String token = "0b0c5d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e.Juka9ONTyqpGp7W3_YfAmcFeaZmu3So-ON3bF5m7DJI";
        assertThat(V1ErrorHandler.withoutLinkToken("/verify/email/" + token))
                .isEqualTo("/verify/email/***").doesNotContain("Juka9");
        assertThat(V1ErrorHandler.withoutLinkToken("/v1/verification/otp/email/send"))
                .isEqualTo("/v1/verification/otp/email/send");
    }
}
