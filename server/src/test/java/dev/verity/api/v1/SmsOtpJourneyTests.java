package dev.verity.api.v1;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import dev.verity.testing.TwilioFake;
import dev.verity.testing.VerityHarness;

/**
 * SMS verification through Twilio's real request shape, with a local HTTP server standing in for
 * api.twilio.com: one send is one form POST to the Messages resource with the number in E.164 and the
 * placeholders filled; the code in it verifies the number; the number then conflicts for other users.
 */
@BothDatabases
class SmsOtpJourneyTests extends VerityHarness {

    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "twilio-auth-token-for-tests";
    static final TwilioFake FAKE = new TwilioFake(SID, TOKEN);
    static final WireMockServer TWILIO = FAKE.server();
    private static final Pattern CODE = Pattern.compile("(\\d{6})");

    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry registry) {
        FAKE.registerSms(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.boot.logging.LoggingSystem logging;

    @BeforeEach
    void twilioAcceptsMessages() {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM{{randomValue length=32 type='HEXADECIMAL'}}\",\"status\":\"queued\"}")
                        .withTransformers("response-template")));
    }

    @Test
    void sendThenValidateWhenTwilioAcceptsThenPhoneIsVerifiedAndConflictsForOthers() {
        String number = "+1415555" + (1000 + (int) (Math.random() * 8999));
        String userId = createUser(uniqueEmail("sms"));
        String token = userToken(userId);
        String written = number.substring(0, 2) + "-" + number.substring(2, 5) + "-" + number.substring(5);

        Response sent = postJson("/v1/verification/otp/sms/send", token, "{\"phone_number\":\"" + written + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.body()).isEqualTo("{\"message\":\"SMS sent\"}");

        Map<String, String> form = awaitTwilioPost(number);
        assertThat(form.get("From")).isEqualTo("+15005550006");
        assertThat(form.get("Body")).startsWith("Your Demo App verification code is: ");
        assertThat(form.get("StatusCallback")).endsWith("/webhooks/twilio/status");
        TWILIO.verify(1, postRequestedFor(urlEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json"))
                .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials(SID, TOKEN)));
        String code = code(form.get("Body"));

        Response validated = postJson("/v1/verification/otp/sms/validate", token,
                "{\"phone_number\":\"" + number + "\",\"passcode\":\"" + code + "\"}");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        assertThat(validated.body()).isEqualTo("{\"result\":true}");

        Response me = get("/v1/users/me", token);
        assertThat(me.json().at("/result/phone_number/value").asString()).isEqualTo(number);
        assertThat(me.json().at("/result/phone_number/phone_number_verified").asBoolean()).isTrue();

        String spaced = number.substring(0, 2) + " " + number.substring(2, 5) + " " + number.substring(5, 8) + " "
                + number.substring(8);
        String otherToken = userToken(createUser(uniqueEmail("sms-other")));
        Response conflict = postJson("/v1/verification/otp/sms/send", otherToken, "{\"phone_number\":\"" + spaced + "\"}");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body())
                .isEqualTo("{\"message\":\"Phone number is already verified in the tenant\",\"error_code\":409}");
    }

    @Test
    void sendWhenCustomMessageAndSpanishThenPlaceholdersFilledAndSegmentsRecorded() {
        String number = "+1415555" + (1000 + (int) (Math.random() * 8999));
        String token = userToken(createUser(uniqueEmail("sms-custom")));
        Response sent = postJson("/v1/verification/otp/sms/send", token,
                "{\"phone_number\":\"" + number + "\",\"custom_message\":\"{app}: tu código es {otp} ✓\",\"sender_id\":\"Acme\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        Map<String, String> form = awaitTwilioPost(number);
        assertThat(form.get("Body")).matches("Demo App: tu código es \\d{6} ✓");

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                "SELECT status, sms_encoding, sms_segments, provider, provider_message_id FROM outbox_messages "
                        + "WHERE recipient = ?").param(number).query().singleRow())
                .containsEntry("status", "sent")
                .containsEntry("sms_encoding", "UCS-2")
                .containsEntry("sms_segments", 1)
                .containsEntry("provider", "twilio"));
    }

    @Test
    void sendWhenBadInputThenBadRequestWithMessages() {
        String token = userToken(createUser(uniqueEmail("sms-bad")));
        assertBad(token, "{\"phone_number\":\"+1 415 555\"}", "phone_number must be a valid phone number");
        assertBad(token, "{\"phone_number\":\"4155552671\"}", "phone_number must be a valid phone number");
        assertBad(token, "{\"phone_number\":\"+14155552671\",\"custom_message\":\"code {otp}\"}",
                "custom_message must contain the {otp} and {app} placeholders");
        assertBad(token, "{\"phone_number\":\"+14155552671\",\"custom_message\":\"" + "x".repeat(131) + "{otp}{app}\"}",
                "custom_message must be shorter than or equal to 140 characters");
        assertBad(token, "{\"phone_number\":\"+14155552671\",\"sender_id\":\"TwelveChars1\"}",
                "sender_id must be at most 11 letters, digits or spaces");
        assertBad(token, "{\"phone_number\":\"+14155552671\",\"sender_id\":\"Acme!\"}",
                "sender_id must be at most 11 letters, digits or spaces");
        assertThat(TWILIO.getAllServeEvents()).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void sendAndValidateWhenLogsCapturedThenNoCodeInThem(org.springframework.boot.test.system.CapturedOutput output) {
        // the most talkative settings an operator might turn on: SQL with bound parameters, all of Verity at TRACE
        logging.setLogLevel("org.springframework.jdbc.core", org.springframework.boot.logging.LogLevel.TRACE);
        logging.setLogLevel("dev.verity", org.springframework.boot.logging.LogLevel.TRACE);
        try {
            sendAndValidateWithLogsOn(output);
        } finally {
            logging.setLogLevel("org.springframework.jdbc.core", null);
            logging.setLogLevel("dev.verity", null);
        }
    }

    private void sendAndValidateWithLogsOn(org.springframework.boot.test.system.CapturedOutput output) {
        String number = "+1415555" + (1000 + (int) (Math.random() * 8999));
        String token = userToken(createUser(uniqueEmail("sms-logs")));
        postJson("/v1/verification/otp/sms/send", token, "{\"phone_number\":\"" + number + "\"}");
        String first = code(awaitTwilioPost(number).get("Body"));
        postJson("/v1/verification/otp/sms/validate", token,
                "{\"phone_number\":\"" + number + "\",\"passcode\":\"" + (first.equals("000000") ? "111111" : "000000") + "\"}");
        Response ok = postJson("/v1/verification/otp/sms/validate", token,
                "{\"phone_number\":\"" + number + "\",\"passcode\":\"" + first + "\"}");
        assertThat(ok.status()).isEqualTo(200);
        // the capture works (SQL tracing is on) and holds no code
        assertThat(output.getAll()).contains("challenges").doesNotContain(first);
    }

    private void assertBad(String token, String body, String message) {
        Response response = postJson("/v1/verification/otp/sms/send", token, body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.json().get("error_code").asInt()).isEqualTo(400);
        assertThat(response.json().get("message").valueStream().map(n -> n.asString()).toList()).contains(message);
    }

    private static Map<String, String> awaitTwilioPost(String to) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !twilioPostsTo(to).isEmpty());
        List<Map<String, String>> posts = twilioPostsTo(to);
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    private static List<Map<String, String>> twilioPostsTo(String to) {
        return TWILIO.findAll(postRequestedFor(urlEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json"))
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                                "To=" + java.net.URLEncoder.encode(to, StandardCharsets.UTF_8))))
                .stream().map(SmsOtpJourneyTests::form).toList();
    }

    static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        Arrays.stream(request.getBodyAsString().split("&")).map(pair -> pair.split("=", 2))
                .forEach(kv -> form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8)));
        return form;
    }

    private static String code(String body) {
        Matcher m = CODE.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }
}
