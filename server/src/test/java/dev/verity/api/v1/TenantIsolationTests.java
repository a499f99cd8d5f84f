package dev.verity.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.verity.shared.PhoneNumbers;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.Client;
import dev.verity.tenancy.OtpPolicy;
import dev.verity.tenancy.TenancyService;
import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;

/**
 * SECURITY.md rule 17: every query is scoped by tenant. A second tenant ("rival", created at run time) tries
 * the users API and the token endpoint against users of the test set-up's tenant ("acme") and gets the
 * same 404 it would get for a user that does not exist — never the user — and addresses verified in one
 * tenant are free in the other.
 */
@BothDatabases
class TenantIsolationTests extends VerityHarness {

    static final String RIVAL_TENANT = "rival-tenant";
    static final String RIVAL_CLIENT_ID = "rival-backend";
    static final String RIVAL_CLIENT_SECRET = "rival-secret-0123456789";
    private static final AtomicInteger PHONES = new AtomicInteger(ThreadLocalRandom.current().nextInt(1000, 5000));

    @Autowired
    TenancyService tenancy;

    @BeforeEach
    void createRivalTenant() {
        tenancy.saveApplication(new Application("rival", RIVAL_TENANT, "Rival App", OtpPolicy.DEFAULT, List.of("en"),
                List.of()));
        tenancy.saveClient(new Client(RIVAL_CLIENT_ID, RIVAL_TENANT, "rival", Set.of()), RIVAL_CLIENT_SECRET);
    }

    @Test
    void getUserByIdWhenUserBelongsToAnotherTenantThenNotFoundLikeAnUnknownUser() {
        String email = uniqueEmail("iso-id");
        String userId = createUser(email);
        String rival = rivalClientToken();

        Response response = get("/v1/users/" + userId, rival);

        assertNotFoundWithoutLeak(response, userId, email);
        assertThat(response.body()).isEqualTo(get("/v1/users/" + UUID.randomUUID(), rival).body());
        // the owner still sees it
        assertThat(get("/v1/users/" + userId, clientToken()).status()).isEqualTo(200);
    }

    @Test
    void getUserByEmailWhenUserBelongsToAnotherTenantThenNotFoundLikeAnUnknownAddress() {
        String email = uniqueEmail("iso-email");
        String userId = createUser(email);
        String rival = rivalClientToken();

        Response response = get("/v1/users/email/" + encode(email), rival);

        assertNotFoundWithoutLeak(response, userId, email);
        assertThat(response.body()).isEqualTo(get("/v1/users/email/" + encode(uniqueEmail("nobody")), rival).body());
        assertThat(get("/v1/users/email/" + encode(email), clientToken()).json().at("/result/user_id").asString())
                .isEqualTo(userId);
    }

    @Test
    void getUserByEmailWhenAddressVerifiedInAnotherTenantThenNotFound() {
        String email = uniqueEmail("iso-verified");
        String userId = createUser(email);
        verify(userToken(userId), email);

        Response response = get("/v1/users/email/" + encode(email), rivalClientToken());

        assertNotFoundWithoutLeak(response, userId, email);
    }

    @Test
    void getUserByPhoneWhenUserBelongsToAnotherTenantThenNotFound() {
        String phone = uniquePhone();
        String userId = createUserWithPhone(phone, clientToken());
        String rival = rivalClientToken();

        Response response = get("/v1/users/phone-number/" + encode(phone), rival);

        assertNotFoundWithoutLeak(response, userId, phone);
        assertThat(get("/v1/users/phone-number/" + encode(phone), clientToken()).status()).isEqualTo(200);
    }

    @Test
    void deleteSecondaryEmailWhenUserBelongsToAnotherTenantThenNotFoundAndNothingRemoved() {
        String primary = uniqueEmail("iso-primary");
        String secondary = uniqueEmail("iso-secondary");
        String userId = createUser(primary);
        String token = userToken(userId);
        verify(token, primary);
        verify(token, secondary);
        assertThat(secondaryEmails(userId)).containsExactly(secondary);

        Response response = delete("/v1/users/" + userId + "/emails/" + encode(secondary), rivalClientToken());

        assertNotFoundWithoutLeak(response, userId, secondary);
        assertThat(response.body()).isEqualTo(delete("/v1/users/" + UUID.randomUUID() + "/emails/"
                + encode(secondary), rivalClientToken()).body());
        assertThat(secondaryEmails(userId)).containsExactly(secondary);

        // the owner's client can remove it, which shows the 404 above was not about the address
        assertThat(delete("/v1/users/" + userId + "/emails/" + encode(secondary), clientToken()).status())
                .isEqualTo(204);
        assertThat(secondaryEmails(userId)).isEmpty();
    }

    @Test
    void deletePrimaryPhoneWhenUserBelongsToAnotherTenantThenNotFoundNotTheOwnersBadRequest() {
        String phone = uniquePhone();
        String userId = createUserWithPhone(phone, clientToken());

        Response response = delete("/v1/users/" + userId + "/phone-numbers/" + encode(phone), rivalClientToken());

        // the owner would get 400 (a primary cannot be removed): answering that to another tenant would leak the user
        assertNotFoundWithoutLeak(response, userId, phone);
        assertThat(get("/v1/users/" + userId, clientToken()).json().at("/result/phone_number/value").asString())
                .isEqualTo(phone);
    }

    @Test
    void tokenExchangeWhenSubjectIsUserOfAnotherTenantThenInvalidGrant() {
        String userId = createUser(uniqueEmail("iso-token"));

        Response response = postForm("/oidc/token", RIVAL_CLIENT_ID, RIVAL_CLIENT_SECRET, Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "requested_subject", userId));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(response.json().has("access_token")).isFalse();
        assertThat(response.body()).isEqualTo(postForm("/oidc/token", RIVAL_CLIENT_ID, RIVAL_CLIENT_SECRET, Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "requested_subject", UUID.randomUUID().toString())).body());
    }

    @Test
    void tokenExchangeWhenSubjectIsUserOfAnotherTenantThenInvalidGrantBothWays() {
        String rivalUser = createUser(uniqueEmail("iso-rival-user"), rivalClientToken());

        Response response = postForm("/oidc/token", CLIENT_ID, CLIENT_SECRET, Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "requested_subject", rivalUser));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(get("/v1/users/" + rivalUser, clientToken()).status()).isEqualTo(404);
        assertThat(get("/v1/users/" + rivalUser, rivalClientToken()).status()).isEqualTo(200);
    }

    @Test
    void sendWhenAddressVerifiedInAnotherTenantThenAcceptedAndVerifiable() {
        String shared = uniqueEmail("iso-shared");
        String acmeUser = createUser(shared);
        verify(userToken(acmeUser), shared);

        // in acme the address is taken ...
        String acmeOther = userToken(createUser(uniqueEmail("iso-acme-other")));
        assertThat(postJson("/v1/verification/otp/email/send", acmeOther, "{\"email\":\"" + shared + "\"}").status())
                .isEqualTo(409);

        // ... in the rival tenant it is not
        String rival = rivalClientToken();
        String rivalUser = createUser(uniqueEmail("iso-rival"), rival);
        String rivalToken = userToken(RIVAL_CLIENT_ID, RIVAL_CLIENT_SECRET, rivalUser);
        int before = mailTo(shared).size();
        Response sent = postJson("/v1/verification/otp/email/send", rivalToken, "{\"email\":\"" + shared + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.body()).isEqualTo("{\"message\":\"Email sent successfully\"}");

        String code = awaitCode(shared, before + 1);
        Response validated = postJson("/v1/verification/otp/email/validate", rivalToken,
                "{\"email\":\"" + shared + "\",\"passcode\":\"" + code + "\"}");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        Response rivalView = get("/v1/users/" + rivalUser, rival);
        assertThat(rivalView.body()).contains(shared);
        Response acmeView = get("/v1/users/" + acmeUser, clientToken());
        assertThat(acmeView.json().at("/result/email/value").asString()).isEqualTo(shared);
        assertThat(acmeView.json().at("/result/email/email_verified").asBoolean()).isTrue();
    }

    @Test
    void createUserWhenAddressIsPrimaryInAnotherTenantThenCreatedNotConflict() {
        String email = uniqueEmail("iso-create");
        String acmeUser = createUser(email);

        String rivalUser = createUser(email, rivalClientToken());

        assertThat(rivalUser).isNotEqualTo(acmeUser);
        assertThat(get("/v1/users/email/" + encode(email), rivalClientToken()).json().at("/result/user_id").asString())
                .isEqualTo(rivalUser);
        assertThat(get("/v1/users/email/" + encode(email), clientToken()).json().at("/result/user_id").asString())
                .isEqualTo(acmeUser);
    }

    @Test
    void validateWhenCodeWasSentToUserOfAnotherTenantThenRefusedAndOwnersCodeStillWorks() {
        String email = uniqueEmail("iso-code");
        String acmeToken = userToken(createUser(email));
        int before = mailTo(email).size();
        assertThat(postJson("/v1/verification/otp/email/send", acmeToken, "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(200);
        String code = awaitCode(email, before + 1);

        String rivalToken = userToken(RIVAL_CLIENT_ID, RIVAL_CLIENT_SECRET,
                createUser(uniqueEmail("iso-thief"), rivalClientToken()));
        Response stolen = postJson("/v1/verification/otp/email/validate", rivalToken,
                "{\"email\":\"" + email + "\",\"passcode\":\"" + code + "\"}");
        assertThat(stolen.status()).isIn(400, 404);
        assertThat(stolen.body()).doesNotContain("\"result\":true");

        Response own = postJson("/v1/verification/otp/email/validate", acmeToken,
                "{\"email\":\"" + email + "\",\"passcode\":\"" + code + "\"}");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
    }

    @Test
    void meWhenUserTokenOfRivalThenOnlyRivalUser() {
        String acmeUser = createUser(uniqueEmail("iso-me-acme"));
        String rivalEmail = uniqueEmail("iso-me-rival");
        String rivalUser = createUser(rivalEmail, rivalClientToken());

        Response me = get("/v1/users/me", userToken(RIVAL_CLIENT_ID, RIVAL_CLIENT_SECRET, rivalUser));

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().at("/result/user_id").asString()).isEqualTo(rivalUser);
        assertThat(me.body()).doesNotContain(acmeUser);
    }

    private static void assertNotFoundWithoutLeak(Response response, String... secrets) {
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.json()).as(response.body()).isNotNull();
        assertThat(response.json().get("error_code").asInt()).isEqualTo(404);
        assertThat(response.json().get("message").isString()).as(response.body()).isTrue();
        assertThat(response.json().propertyNames()).containsExactlyInAnyOrder("message", "error_code");
        assertThat(response.json().has("result")).isFalse();
        for (String secret : secrets) {
            assertThat(response.body()).doesNotContain(secret);
        }
    }

    private String rivalClientToken() {
        return clientToken(RIVAL_CLIENT_ID, RIVAL_CLIENT_SECRET);
    }

    private String createUser(String email, String clientToken) {
        Response response = postJson("/v1/users", clientToken, "{\"email\":\"" + email + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().at("/result/user_id").asString();
    }

    private String createUserWithPhone(String phone, String clientToken) {
        Response response = postJson("/v1/users", clientToken, "{\"phone_number\":\"" + phone + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().at("/result/user_id").asString();
    }

    private List<String> secondaryEmails(String userId) {
        Response response = get("/v1/users/" + userId, clientToken());
        assertThat(response.status()).isEqualTo(200);
        return response.json().at("/result/secondary_emails").valueStream()
                .map(n -> n.at("/value").asString()).toList();
    }

    private Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).DELETE().build());
    }

    private void verify(String token, String email) {
        int before = mailTo(email).size();
        Response sent = postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String code = awaitCode(email, before + 1);
        Response validated = postJson("/v1/verification/otp/email/validate", token,
                "{\"email\":\"" + email + "\",\"passcode\":\"" + code + "\"}");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A valid US number no other test of this JVM uses. */
    private static String uniquePhone() {
        while (true) {
            String candidate = "+1415555" + String.format("%04d", PHONES.getAndIncrement() % 10_000);
            try {
                return PhoneNumbers.toE164(candidate);
            } catch (IllegalArgumentException notValid) {
                // try the next one
            }
        }
    }
}
