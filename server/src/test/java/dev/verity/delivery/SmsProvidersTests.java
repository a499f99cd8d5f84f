package dev.verity.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

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
import dev.verity.testing.VerityHarness;
import tools.jackson.databind.JsonNode;

/**
 * Provider failover and the generic HTTP hook, against local HTTP servers speaking Twilio's and the hook's
 * shapes. Providers are {@code twilio,http}: Twilio first, the hook when Twilio fails.
 */
@BothDatabases
class SmsProvidersTests extends VerityHarness {

    static final String SID = "AC00000000000000000000000000000001";
    static final String TWILIO_TOKEN = "twilio-token-for-provider-tests";
    // Standard Webhooks secret: "whsec_" + base64 of the key bytes
    static final byte[] HOOK_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final String HOOK_SECRET = "whsec_" + Base64.getEncoder().encodeToString(HOOK_KEY);
    static final WireMockServer TWILIO = new WireMockServer(options().dynamicPort());
    static final WireMockServer HOOK = new WireMockServer(options().dynamicPort());
    static final String MESSAGES = "/2010-04-01/Accounts/" + SID + "/Messages.json";

    static {
        TWILIO.start();
        HOOK.start();
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("verity.sms.providers", () -> "twilio,http");
        registry.add("verity.sms.timeout", () -> "1s");
        registry.add("verity.sms.twilio.url", TWILIO::baseUrl);
        registry.add("verity.sms.twilio.sid", () -> SID);
        registry.add("verity.sms.twilio.token", () -> TWILIO_TOKEN);
        registry.add("verity.sms.twilio.from", () -> "+15005550006");
        registry.add("verity.sms.http.url", () -> HOOK.baseUrl() + "/sms");
        registry.add("verity.sms.http.secret", () -> HOOK_SECRET);
        registry.add("verity.url", () -> "https://verity.example.com");
    }

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void reset() {
        TWILIO.resetAll();
        HOOK.resetAll();
        HOOK.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(202)));
    }

    @Test
    void sendWhenTwilioAnswers503ThenHookGetsSignedMessage() throws Exception {
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(503)));
        String number = randomNumber();
        sendTo(number);

        LoggedRequest hook = awaitOne(HOOK, "/sms");
        JsonNode body = JSON.readTree(hook.getBodyAsString());
        assertThat(body.get("to").asString()).isEqualTo(number);
        assertThat(body.get("body").asString()).matches("Your Demo App verification code is: \\d{6}");
        assertThat(body.get("sender_id").isNull()).isTrue();
        String messageId = body.get("message_id").asString();
        assertThat(hook.getHeader("webhook-id")).isEqualTo(messageId);
        assertThat(independentSignatureValid(hook)).isTrue();
        TWILIO.verify(postRequestedFor(urlEqualTo(MESSAGES)));

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                jdbc.sql("SELECT status, provider FROM outbox_messages WHERE id = ?").param(messageId).query().singleRow())
                .containsEntry("status", "sent").containsEntry("provider", "http"));
    }

    @Test
    void sendWhenTwilioTimesOutThenHookGetsMessage() {
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201).withFixedDelay(3000)
                .withBody("{\"sid\":\"SMlate\"}")));
        String number = randomNumber();
        sendTo(number);
        LoggedRequest hook = awaitOne(HOOK, "/sms");
        assertThat(hook.getBodyAsString()).contains(number);
    }

    @Test
    void sendWhenEveryProviderFailsThenRetriedUntilOneRecovers() {
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(500)));
        HOOK.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(502)));
        String number = randomNumber();
        sendTo(number);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> HOOK.findAll(anyRequestedFor(anyUrl())).size() >= 2);
        Map<String, Object> row = jdbc.sql("SELECT status, last_error FROM outbox_messages WHERE recipient = ?")
                .param(number).query().singleRow();
        assertThat(row.get("status")).isIn("pending", "sending");
        assertThat((String) row.get("last_error")).contains("twilio answered 500").contains("http hook answered 502");

        HOOK.resetAll();
        HOOK.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(200)));
        LoggedRequest delivered = awaitOne(HOOK, "/sms");
        assertThat(delivered.getBodyAsString()).contains(number);
        // every retry of one message carries the same webhook-id
        assertThat(delivered.getHeader("webhook-id")).isEqualTo(
                jdbc.sql("SELECT id FROM outbox_messages WHERE recipient = ?").param(number).query(String.class).single());
    }

    @Test
    void statusCallbackWhenSignedByTwilioThenMessageDeliveredElseForbidden() {
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SMcallback0001\"}")));
        String number = randomNumber();
        sendTo(number);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(
                jdbc.sql("SELECT status FROM outbox_messages WHERE recipient = ?").param(number).query(String.class).single()));

        Map<String, String> form = new java.util.TreeMap<>(Map.of("MessageSid", "SMcallback0001",
                "MessageStatus", "delivered", "AccountSid", SID, "To", number));
        String url = "https://verity.example.com/webhooks/twilio/status";
        StringBuilder data = new StringBuilder(url);
        form.forEach((k, v) -> data.append(k).append(v));
        String signature = hmacSha1(TWILIO_TOKEN, data.toString());

        assertThat(callback(form, "forged" + signature).status()).isEqualTo(403);
        assertThat(callback(form, null).status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT status FROM outbox_messages WHERE recipient = ?").param(number)
                .query(String.class).single()).isEqualTo("sent");

        assertThat(callback(form, signature).status()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT status FROM outbox_messages WHERE recipient = ?").param(number)
                .query(String.class).single()).isEqualTo("delivered");
    }

    private Response callback(Map<String, String> form, String signature) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).reduce((a, b) -> a + "&" + b).orElse("");
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri("/webhooks/twilio/status"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return send(request.build());
    }

    private void sendTo(String number) {
        String token = userToken(createUser(uniqueEmail("provider")));
        Response sent = postJson("/v1/verification/otp/sms/send", token, "{\"phone_number\":\"" + number + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    }

    private static LoggedRequest awaitOne(WireMockServer server, String path) {
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> !server.findAll(postRequestedFor(urlEqualTo(path))).isEmpty());
        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(path)));
        return requests.get(requests.size() - 1);
    }

    /** Standard Webhooks verification written from the specification, not with the signing library. */
    static boolean independentSignatureValid(LoggedRequest request) throws Exception {
        String signed = request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + "."
                + request.getBodyAsString();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HOOK_KEY, "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        for (String candidate : request.getHeader("webhook-signature").split(" ")) {
            if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    static String hmacSha1(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomNumber() {
        return "+1415555" + (1000 + new java.util.Random().nextInt(8999));
    }
}
