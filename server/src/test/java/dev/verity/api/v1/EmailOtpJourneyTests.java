package dev.verity.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;

/**
 * The newcomer's journey from the README, end to end against a real SMTP server: client token, create a
 * user, that user's token, send a code, a wrong code is refused, the right one verifies, the profile shows
 * the address as verified primary, and a second send to it is a conflict.
 */
@BothDatabases
class EmailOtpJourneyTests extends VerityHarness {

    @Test
    void sendThenValidateWhenCodeIsRightThenAddressIsVerifiedPrimary() throws Exception {
        String email = uniqueEmail("journey");
        String userId = createUser(email);
        String token = userToken(userId);

        Response sent = postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}");
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body()).isEqualTo("{\"message\":\"Email sent successfully\"}");

        String code = awaitCode(email, 1);
        MimeMessage mail = mailTo(email).get(0);
        assertThat(mail.getSubject()).isEqualTo("Your Demo App verification code");
        assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("Demo App");
        assertThat(htmlPart(mail)).contains(code);
        assertThat(sent.body()).doesNotContain(code);

        String wrong = code.equals("000000") ? "111111" : "000000";
        Response rejected = postJson("/v1/verification/otp/email/validate", token,
                "{\"email\":\"" + email + "\",\"passcode\":\"" + wrong + "\"}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body()).isEqualTo(
                "{\"message\":\"Invalid email or passcode\",\"error_code\":400,\"error_type\":\"invalid_otp\"}");

        Response validated = postJson("/v1/verification/otp/email/validate", token,
                "{\"email\":\"" + email + "\",\"passcode\":\"" + code + "\"}");
        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.body()).isEqualTo("{\"result\":true}");

        Response me = get("/v1/users/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().at("/result/user_id").asString()).isEqualTo(userId);
        assertThat(me.json().at("/result/email/value").asString()).isEqualTo(email);
        assertThat(me.json().at("/result/email/email_verified").asBoolean()).isTrue();
        assertThat(me.json().at("/result/email/verified_at").asString()).isNotBlank();

        Response again = postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).isEqualTo("{\"message\":\"Email is already verified in the tenant\",\"error_code\":409}");
    }

    @Test
    void validateWhenUpdatePrimaryIsFalseAndPrimaryVerifiedThenAddressBecomesVerifiedSecondary() {
        String first = uniqueEmail("first");
        String second = uniqueEmail("second");
        String userId = createUser(first);
        String token = userToken(userId);
        verify(token, first, false);

        verify(token, second, false);
        Response me = get("/v1/users/me", token);
        assertThat(me.json().at("/result/email/value").asString()).isEqualTo(first);
        assertThat(me.json().at("/result/secondary_emails/0/value").asString()).isEqualTo(second);
        assertThat(me.json().at("/result/secondary_emails/0/email_verified").asBoolean()).isTrue();

        String third = uniqueEmail("third");
        verify(token, third, true);
        me = get("/v1/users/me", token);
        assertThat(me.json().at("/result/email/value").asString()).isEqualTo(third);
        assertThat(me.json().at("/result/secondary_emails").valueStream().map(n -> n.at("/value").asString()))
                .containsExactlyInAnyOrder(first, second);
    }

    @Test
    void validateWhenPrimaryUnverifiedThenNewAddressBecomesPrimaryAndOldStaysUnverifiedSecondary() {
        String original = uniqueEmail("original");
        String other = uniqueEmail("other");
        String userId = createUser(original);
        String token = userToken(userId);

        verify(token, other, false);

        Response me = get("/v1/users/me", token);
        assertThat(me.json().at("/result/email/value").asString()).isEqualTo(other);
        assertThat(me.json().at("/result/email/email_verified").asBoolean()).isTrue();
        assertThat(me.json().at("/result/secondary_emails/0/value").asString()).isEqualTo(original);
        assertThat(me.json().at("/result/secondary_emails/0/email_verified").asBoolean()).isFalse();
    }

    @Test
    void sendWhenAddressVerifiedByAnotherUserThenConflictButUnverifiedDoesNot() {
        String shared = uniqueEmail("shared");
        String owner = createUser(uniqueEmail("owner"));
        String ownerToken = userToken(owner);
        // another user holding the address unverified does not block anyone
        createUser(shared);
        verify(ownerToken, shared, false);

        String otherToken = userToken(createUser(uniqueEmail("late")));
        Response response = postJson("/v1/verification/otp/email/send", otherToken, "{\"email\":\"" + shared + "\"}");
        assertThat(response.status()).isEqualTo(409);
    }

    @Test
    void sendWhenAcceptLanguageIsSpanishThenMailIsSpanish() throws Exception {
        String email = uniqueEmail("es");
        String token = userToken(createUser(email));
        Response sent = send(java.net.http.HttpRequest.newBuilder(uri("/v1/verification/otp/email/send"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Accept-Language", "es-CO,es;q=0.9,en;q=0.5")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\"}"))
                .build());
        assertThat(sent.status()).isEqualTo(200);
        awaitCode(email, 1);
        assertThat(mailTo(email).get(0).getSubject()).isEqualTo("Tu código de verificación de Demo App");
    }

    private void verify(String token, String email, boolean updatePrimary) {
        int before = mailTo(email).size();
        assertThat(postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(200);
        String code = awaitCode(email, before + 1);
        Response response = postJson("/v1/verification/otp/email/validate", token,
                "{\"email\":\"" + email + "\",\"passcode\":\"" + code + "\",\"update_primary\":" + updatePrimary + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
