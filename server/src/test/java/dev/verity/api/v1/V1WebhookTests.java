package dev.verity.api.v1;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.verity.testing.BothDatabases;
import tools.jackson.databind.JsonNode;

/**
 * v1 webhooks end to end (API.md, "v1 webhooks"): the {@code hooks} application of the test set-up file has
 * two webhooks on a real HTTP receiver, {@code /all} (every event) and {@code /verified-only}
 * ({@code contact.verified}). Every delivery is checked against the Standard Webhooks signature computed here
 * from the set-up file's secret, and no body may hold the code or the link token that was sent.
 */
@BothDatabases
class V1WebhookTests extends MagicLinkSupport {

    static final String HOOKS_CLIENT = "hooks-backend";
    static final String HOOKS_SECRET = "hooks-backend-secret-0123456789";
    /** The keys of the two webhooks in test-setup.yml: the base64 part of each {@code whsec_} secret. */
    static final byte[] ALL_KEY = Base64.getDecoder().decode("djEtd2ViaG9vay10ZXN0LWtleS0wMTIzNDU2Nzg5YWI=");
    static final byte[] VERIFIED_ONLY_KEY = Base64.getDecoder().decode("djEtd2ViaG9vay1vdGhlci1rZXktMDEyMzQ1Njc4OWE=");
    static final String GONE_SECRET = "whsec_Z29uZS13ZWJob29rLWtleS0wMTIzNDU2Nzg5YWJjZA==";
    static final WireMockServer RECEIVER = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    static {
        RECEIVER.start();
    }

    @DynamicPropertySource
    static void receiver(DynamicPropertyRegistry registry) {
        registry.add("test.v1-webhooks", RECEIVER::baseUrl);
    }

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void receiverAnswers() {
        RECEIVER.resetAll();
        RECEIVER.stubFor(post(urlPathMatching("/.*")).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void validateWhenEmailCodeIsRightThenSignedContactVerifiedAndSentWithMessageIdNeitherHoldingTheCode()
            throws Exception {
        String email = uniqueEmail("hook-verified");
        String userId = hooksUser(email);
        String token = userToken(HOOKS_CLIENT, HOOKS_SECRET, userId);
        Instant before = clock.instant().minusSeconds(1);

        assertThat(postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(200);
        String code = awaitCode(email, 1);
        Response validated = postJson("/v1/verification/otp/email/validate", token,
                "{\"email\":\"" + email + "\",\"passcode\":\"" + code + "\"}");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);

        LoggedRequest sent = awaitOne("/all", userId, "verification.sent");
        assertThat(signatureValid(sent, ALL_KEY)).as(sent.getBodyAsString()).isTrue();
        JsonNode sentData = JSON.readTree(sent.getBodyAsString()).get("data");
        assertThat(sentData.get("channel").asString()).isEqualTo("email");
        assertThat(sentData.get("address").asString()).isEqualTo(email);
        String messageId = jdbc.sql("SELECT id FROM outbox_messages WHERE kind = 'email' AND recipient = ?")
                .param(email).query(String.class).single();
        assertThat(sentData.get("message_id").asString()).isEqualTo(messageId);

        LoggedRequest verified = awaitOne("/all", userId, "contact.verified");
        assertThat(signatureValid(verified, ALL_KEY)).as(verified.getBodyAsString()).isTrue();
        JsonNode body = JSON.readTree(verified.getBodyAsString());
        assertThat(body.propertyNames()).containsExactly("type", "timestamp", "data");
        Instant timestamp = Instant.parse(body.get("timestamp").asString());
        assertThat(timestamp).isBetween(before, clock.instant());
        assertThat(body.get("data").propertyNames()).containsExactly("user_id", "channel", "address", "primary");
        assertThat(body.at("/data/user_id").asString()).isEqualTo(userId);
        assertThat(body.at("/data/channel").asString()).isEqualTo("email");
        assertThat(body.at("/data/address").asString()).isEqualTo(email);
        assertThat(body.at("/data/primary").asBoolean()).isTrue();
        // the receiver's id is the outbox message, the same on every retry
        assertThat(verified.getHeader("webhook-id")).isNotBlank().isNotEqualTo(sent.getHeader("webhook-id"));

        // the filtered webhook has contact.verified, signed with its own secret, and nothing else
        LoggedRequest filtered = awaitOne("/verified-only", userId, "contact.verified");
        assertThat(signatureValid(filtered, VERIFIED_ONLY_KEY)).isTrue();
        assertThat(signatureValid(filtered, ALL_KEY)).isFalse();
        assertThat(received("/verified-only", userId)).extracting(V1WebhookTests::type)
                .containsExactly("contact.verified");
        assertNoBodyContains(userId, code);
    }

    @Test
    void validateWhenAddressIsAddedAsSecondaryThenPrimaryIsFalse() throws Exception {
        String first = uniqueEmail("hook-first");
        String userId = hooksUser(first);
        String token = userToken(HOOKS_CLIENT, HOOKS_SECRET, userId);
        verifyByCode(token, first, true);
        String second = uniqueEmail("hook-second");

        verifyByCode(token, second, false);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> received("/all", userId).stream()
                .filter(r -> type(r).equals("contact.verified")).count() == 2);
        JsonNode secondary = received("/all", userId).stream().map(V1WebhookTests::json)
                .filter(b -> b.at("/type").asString().equals("contact.verified")
                        && b.at("/data/address").asString().equals(second))
                .findFirst().orElseThrow();
        assertThat(secondary.at("/data/primary").asBoolean()).isFalse();
    }

    @Test
    void validateWhenLastAttemptIsWrongThenVerificationFailedAttemptsExhaustedWithoutTheCode() throws Exception {
        String email = uniqueEmail("hook-exhausted");
        String userId = hooksUser(email);
        String token = userToken(HOOKS_CLIENT, HOOKS_SECRET, userId);
        assertThat(postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(200);
        String code = awaitCode(email, 1);
        String wrong = code.equals("000000") ? "111111" : "000000";

        // the hooks application allows 3 attempts; only the check that spends the last one reports
        for (int attempt = 0; attempt < 4; attempt++) {
            assertThat(postJson("/v1/verification/otp/email/validate", token,
                    "{\"email\":\"" + email + "\",\"passcode\":\"" + wrong + "\"}").status()).isEqualTo(400);
        }

        LoggedRequest failed = awaitOne("/all", userId, "verification.failed");
        assertThat(signatureValid(failed, ALL_KEY)).isTrue();
        JsonNode data = json(failed).get("data");
        assertThat(data.propertyNames()).containsExactly("user_id", "channel", "address", "reason");
        assertThat(data.get("reason").asString()).isEqualTo("attempts_exhausted");
        assertThat(data.get("channel").asString()).isEqualTo("email");
        assertThat(data.get("address").asString()).isEqualTo(email);
        settle();
        assertThat(received("/all", userId)).extracting(V1WebhookTests::type)
                .containsExactly("verification.sent", "verification.failed");
        assertThat(received("/verified-only", userId)).isEmpty();
        assertNoBodyContains(userId, code);
    }

    @Test
    void validateWhenCodeHasExpiredThenVerificationFailedExpiredOnceHoweverOftenChecked() throws Exception {
        String email = uniqueEmail("hook-expired");
        String userId = hooksUser(email);
        String token = userToken(HOOKS_CLIENT, HOOKS_SECRET, userId);
        assertThat(postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(200);
        String code = awaitCode(email, 1);

        clock.advance(Duration.ofMinutes(11));
        for (int check = 0; check < 3; check++) {
            Response expired = postJson("/v1/verification/otp/email/validate", token,
                    "{\"email\":\"" + email + "\",\"passcode\":\"" + code + "\"}");
            assertThat(expired.status()).isEqualTo(400);
            assertThat(expired.json().get("error_type").asString()).isEqualTo("expired_otp");
        }

        LoggedRequest failed = awaitOne("/all", userId, "verification.failed");
        assertThat(signatureValid(failed, ALL_KEY)).isTrue();
        assertThat(json(failed).at("/data/reason").asString()).isEqualTo("expired");
        settle();
        assertThat(received("/all", userId)).extracting(V1WebhookTests::type)
                .containsExactly("verification.sent", "verification.failed");
        assertNoBodyContains(userId, code);
    }

    @Test
    void confirmWhenMagicLinkThenChannelIsLinkAndNoBodyHoldsTheToken() throws Exception {
        String email = uniqueEmail("hook-link");
        String userId = hooksUser(email);
        String token = userToken(HOOKS_CLIENT, HOOKS_SECRET, userId);

        String link = sendAndReceiveLink(token, email, VERIFIED, false);
        assertThat(openAndConfirm(link).status()).isEqualTo(303);

        LoggedRequest sent = awaitOne("/all", userId, "verification.sent");
        assertThat(json(sent).at("/data/channel").asString()).isEqualTo("link");
        LoggedRequest verified = awaitOne("/all", userId, "contact.verified");
        assertThat(signatureValid(verified, ALL_KEY)).isTrue();
        assertThat(json(verified).at("/data/channel").asString()).isEqualTo("link");
        assertThat(json(verified).at("/data/address").asString()).isEqualTo(email);
        String linkToken = link.substring(link.lastIndexOf('/') + 1);
        assertNoBodyContains(userId, linkToken, linkToken.substring(linkToken.indexOf('.') + 1));
    }

    @Test
    void deliveryWhenReceiverAnswers410ThenThatWebhookIsDisabledAndTheOthersStillReceive() throws Exception {
        RECEIVER.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
        String admin = clientToken(HOOKS_CLIENT, HOOKS_SECRET);
        Response created = postJson("/admin/api/applications/hooks/webhooks", admin,
                "{\"url\":\"" + RECEIVER.baseUrl() + "/gone\",\"secret\":\"" + GONE_SECRET
                        + "\",\"events\":[\"verification.sent\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String webhookId = created.json().get("id").asString();
        try {
            String email = uniqueEmail("hook-gone");
            String userId = hooksUser(email);
            String token = userToken(HOOKS_CLIENT, HOOKS_SECRET, userId);
            assertThat(postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}").status())
                    .isEqualTo(200);
            awaitOne("/gone", userId, "verification.sent");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> webhook(admin, webhookId)
                    .get("disabled").asBoolean());

            String again = uniqueEmail("hook-gone-again");
            assertThat(postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + again + "\"}").status())
                    .isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> received("/all", userId).stream()
                    .filter(r -> json(r).at("/data/address").asString().equals(again)).count() == 1);
            settle();
            assertThat(received("/gone", userId)).hasSize(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_attempts WHERE endpoint = ? AND status_code = 410")
                    .param(RECEIVER.baseUrl() + "/gone").query(Long.class).single()).isEqualTo(1);
        } finally {
            delete(admin, webhookId);
        }
    }

    @Test
    void sendWhenOnlyAnotherApplicationHasWebhooksThenItsReceiversHearNothing() throws Exception {
        String email = uniqueEmail("hook-demo");
        String userId = createUser(email);
        String token = userToken(userId);

        verifyByCode(token, email, true);

        settle();
        assertThat(received("/all", userId)).isEmpty();
        assertThat(received("/verified-only", userId)).isEmpty();
    }

    /** A user of the hooks application whose primary email, unverified, is {@code email}. */
    @Test
    void validateWhenCodeIsOnboardingsOnTheSameApplicationThenTheV1WebhooksHearNothing() throws Exception {
        String email = uniqueEmail("hook-v2");
        Response registration = postJson("/v2/app-registrations", null,
                "{\"project\":\"hooks\",\"projectFlow\":\"hooks-flow\",\"email\":\"" + email + "\"}");
        assertThat(registration.status()).as(registration.body()).isEqualTo(200);
        String token = registration.json().at("/data/token").asString();
        Response created = postJson("/v2/email-validations/app-registration", token, "{\"project\":\"hooks\","
                + "\"validationMethod\":\"verificationCode\",\"email\":\"" + email + "\",\"type\":\"onboarding\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String code = awaitCode(email, 1);
        String wrong = code.equals("111111") ? "222222" : "111111";
        String validation = "/v2/email-validations/" + created.json().at("/data/_id").asString();
        assertThat(put(validation, token, "{\"email\":\"" + email + "\",\"otp\":\"" + wrong + "\"}").status())
                .isEqualTo(403);
        Response validated = put(validation, token, "{\"email\":\"" + email + "\",\"otp\":\"" + code + "\"}");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);

        settle();
        assertThat(RECEIVER.findAll(postRequestedFor(urlPathMatching("/.*"))))
                .noneMatch(r -> r.getBodyAsString().contains(email));
    }

    private Response put(String path, String token, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String hooksUser(String email) {
        Response response = postJson("/v1/users", clientToken(HOOKS_CLIENT, HOOKS_SECRET),
                "{\"email\":\"" + email + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().at("/result/user_id").asString();
    }

    private void verifyByCode(String token, String email, boolean updatePrimary) {
        assertThat(postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(200);
        Response validated = postJson("/v1/verification/otp/email/validate", token, "{\"email\":\"" + email
                + "\",\"passcode\":\"" + awaitCode(email, 1) + "\",\"update_primary\":" + updatePrimary + "}");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
    }

    private JsonNode webhook(String admin, String webhookId) {
        Response list = get("/admin/api/applications/hooks/webhooks", admin);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        for (JsonNode webhook : list.json()) {
            if (webhook.get("id").asString().equals(webhookId)) {
                return webhook;
            }
        }
        throw new AssertionError("no webhook " + webhookId + " in " + list.body());
    }

    private void delete(String admin, String webhookId) {
        Response deleted = send(HttpRequest.newBuilder(uri("/admin/api/applications/hooks/webhooks/" + webhookId))
                .header("Authorization", "Bearer " + admin).DELETE().build());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    }

    /** Waits for exactly one delivery of the event about the user to the path and returns it. */
    private static LoggedRequest awaitOne(String path, String userId, String type) {
        Predicate<LoggedRequest> wanted = r -> type(r).equals(type);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> received(path, userId).stream().anyMatch(wanted));
        List<LoggedRequest> matching = received(path, userId).stream().filter(wanted).toList();
        assertThat(matching).as(path + " " + type).hasSize(1);
        return matching.get(0);
    }

    /** Every delivery about the user to the path, in the order received. */
    private static List<LoggedRequest> received(String path, String userId) {
        return RECEIVER.findAll(postRequestedFor(urlEqualTo(path))).stream()
                .filter(r -> userId.equals(json(r).at("/data/user_id").asString()))
                .toList();
    }

    /** Gives anything still queued time to arrive (the test schedule delivers within a second). */
    private static void settle() throws InterruptedException {
        Thread.sleep(1500);
    }

    private static void assertNoBodyContains(String userId, String... secrets) {
        List<LoggedRequest> all = RECEIVER.findAll(postRequestedFor(urlPathMatching("/.*")));
        assertThat(all).isNotEmpty();
        for (LoggedRequest request : all) {
            for (String secret : secrets) {
                assertThat(request.getBodyAsString()).doesNotContain(secret);
            }
        }
        assertThat(all.stream().filter(r -> userId.equals(json(r).at("/data/user_id").asString()))).isNotEmpty();
    }

    private static JsonNode json(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString());
    }

    private static String type(LoggedRequest request) {
        return json(request).get("type").asString();
    }

    /** Standard Webhooks verification written from the specification, not with the signing library. */
    static boolean signatureValid(LoggedRequest request, byte[] key) throws Exception {
        String signed = request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + "."
                + request.getBodyAsString();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8))))
                .getBytes(StandardCharsets.UTF_8);
        for (String candidate : request.getHeader("webhook-signature").split(" ")) {
            if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), expected)) {
                return true;
            }
        }
        return false;
    }
}
