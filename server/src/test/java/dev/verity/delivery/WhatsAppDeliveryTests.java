package dev.verity.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.TwilioFake;
import dev.verity.testing.VerityHarness;

/**
 * WhatsApp and SMS secrets through Twilio's Messages API, against a local server answering in Twilio's shapes
 * (201 with the message resource; 4xx with {@code code}, {@code message}, {@code more_info}, {@code status}).
 * One Twilio account sends both: the WhatsApp provider takes its sid, token and URL from {@code verity.sms.twilio.*}.
 * Three attempts at 100 ms intervals stand in for the production schedule.
 */
@BothDatabases
class WhatsAppDeliveryTests extends VerityHarness {

    static final String SID = "AC00000000000000000000000000000002";
    static final String TOKEN = "twilio-token-for-whatsapp-tests";
    static final String TENANT = "whatsapp-tests";
    static final TwilioFake FAKE = new TwilioFake(SID, TOKEN);
    static final WireMockServer TWILIO = FAKE.server();

    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry registry) {
        FAKE.registerSmsAndWhatsApp(registry);
        registry.add("verity.delivery.max-attempts", () -> "3");
        registry.add("verity.delivery.initial-backoff", () -> "100ms");
        registry.add("verity.delivery.max-backoff", () -> "200ms");
        registry.add("verity.url", () -> "https://verity.example.com");
    }

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void reset() {
        TWILIO.resetAll();
    }

    @Test
    void whatsappWhenTwilioAcceptsThenBodyIsTheSmsTextAndTwilioSidIsRecorded() {
        String number = randomNumber();
        String sid = "SM" + "a".repeat(24) + number.substring(8);
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(whatsappTo(number)))
                .willReturn(created(sid, "whatsapp:" + number)));

        String id = enqueue(secret("whatsapp", number, "482913", null));

        Map<String, Object> row = awaitStatus(id, "sent");
        assertThat(row).containsEntry("provider", "twilio").containsEntry("provider_message_id", sid)
                .containsEntry("kind", "whatsapp").containsEntry("recipient", number);
        assertThat(row.get("last_error")).isNull();
        LoggedRequest request = onlyRequestTo(whatsappTo(number));
        Map<String, String> form = form(request);
        assertThat(form).containsOnlyKeys("To", "From", "Body");
        assertThat(form).containsEntry("To", "whatsapp:" + number).containsEntry("From", TwilioFake.WHATSAPP_FROM)
                .containsEntry("Body", "Your Demo App verification code is: 482913");
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(smsRows(number)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {63003, 21211, 21614})
    void whatsappWhenTwilioRefusesTheDestinationThenTheSameCodeGoesBySmsAtOnce(int code) {
        String number = randomNumber();
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(whatsappTo(number)))
                .willReturn(refused(400, code, "The 'To' number whatsapp:" + number + " is not reachable.")));
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(smsTo(number)))
                .willReturn(created("SMfallback" + code + number.substring(8), number)));

        String id = enqueue(secret("whatsapp", number, "175320", "Code {otp} for {app}"));

        Map<String, Object> row = awaitStatus(id, "sent");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
        assertThat(row.get("provider_message_id")).isNull();
        assertThat(row.get("payload")).isNull();
        List<Map<String, Object>> sms = awaitSmsSent(number);
        assertThat((String) row.get("last_error"))
                .isEqualTo("fell back to sms: " + code + " (message " + sms.get(0).get("id") + ")");
        assertThat(sms.get(0)).containsEntry("provider_message_id", "SMfallback" + code + number.substring(8));
        Map<String, String> text = form(onlyRequestTo(smsTo(number)));
        assertThat(text).containsEntry("To", number).containsEntry("Body", "Code 175320 for Demo App");
        assertThat(TWILIO.findAll(postRequestedFor(urlEqualTo(FAKE.messagesPath()))
                .withRequestBody(containing(whatsappTo(number))))).hasSize(1);
    }

    @Test
    void whatsappWhenTwilioFailsEveryAttemptThenRetriedAndTheCodeGoesBySmsInsteadOfFailing() {
        String number = randomNumber();
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(whatsappTo(number)))
                .willReturn(refused(500, 20500, "Internal Server Error")));
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(smsTo(number)))
                .willReturn(created("SMafteroutage" + number.substring(8), number)));

        String id = enqueue(secret("whatsapp", number, "903142", null));

        List<Map<String, Object>> sms = awaitSmsSent(number);
        Map<String, Object> row = awaitStatus(id, "sent");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(3);
        assertThat((String) row.get("last_error")).isEqualTo("fell back to sms after 3 attempts: twilio answered 500 "
                + "(code 20500) (message " + sms.get(0).get("id") + ")");
        assertThat(TWILIO.findAll(postRequestedFor(urlEqualTo(FAKE.messagesPath()))
                .withRequestBody(containing(whatsappTo(number))))).hasSize(3);
        assertThat(form(onlyRequestTo(smsTo(number)))).containsEntry("Body", "Your Demo App verification code is: 903142");
    }

    @Test
    void whatsappWhenTwilioAnswersAnotherClientErrorThenRetriedNotFallenBackAtOnce() {
        String number = randomNumber();
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(whatsappTo(number)))
                .willReturn(refused(401, 20003, "Authenticate")));
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(smsTo(number)))
                .willReturn(created("SMafter401" + number.substring(8), number)));

        String id = enqueue(secret("whatsapp", number, "551204", null));

        awaitSmsSent(number);
        assertThat(((Number) awaitStatus(id, "sent").get("attempts")).intValue()).isEqualTo(3);
    }

    @Test
    void enqueueWhenSmsSecretThenCallersTextIsSentAndItsCostRecorded() {
        String number = randomNumber();
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(smsTo(number)))
                .willReturn(created("SMsecret" + number.substring(8), number)));

        String id = enqueue(secret("sms", number, "246810", "Tu código de {app}: {otp}"));

        Map<String, Object> row = awaitStatus(id, "sent");
        assertThat(row).containsEntry("kind", "sms").containsEntry("sms_encoding", "UCS-2")
                .containsEntry("provider_message_id", "SMsecret" + number.substring(8));
        assertThat(((Number) row.get("sms_segments")).intValue()).isEqualTo(1);
        assertThat(form(onlyRequestTo(smsTo(number)))).containsEntry("Body", "Tu código de Demo App: 246810")
                .containsKey("StatusCallback");
    }

    @Test
    void enqueueWhenEmailLinkThenLinkTemplateCarriesTheUrl() throws Exception {
        String to = uniqueEmail("secret-link");
        String url = "https://verity.example.com/v1/link/" + "t".repeat(43);
        enqueue(new SecretMessage("email", to, SecretMessage.Form.LINK, url, 15, "en", "Demo App", null, null, null));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> mailTo(to).size() == 1);
        assertThat(textPart(mailTo(to).get(0))).contains(url);
        assertThat(htmlPart(mailTo(to).get(0))).contains("href=\"" + url + "\"");
    }

    @Test
    void enqueueWhenChannelCarriesNoSecretsThenIllegalArgumentAndNothingQueued() {
        long before = jdbc.sql("SELECT COUNT(*) FROM outbox_messages").query(Long.class).single();
        for (String channel : List.of("carrier-pigeon", "webhook", "SMS")) {
            assertThatThrownBy(() -> enqueue(secret(channel, randomNumber(), "111111", null)))
                    .as(channel).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_messages").query(Long.class).single()).isEqualTo(before);
    }

    String enqueue(SecretMessage message) {
        return transaction.execute(status -> outbox.enqueue(TENANT, message));
    }

    static SecretMessage secret(String channel, String to, String code, String customText) {
        return new SecretMessage(channel, to, SecretMessage.Form.CODE, code, 10, "en", "Demo App", null, customText,
                null);
    }

    Map<String, Object> awaitStatus(String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> status.equals(
                jdbc.sql("SELECT status FROM outbox_messages WHERE id = ?").param(id).query(String.class).single()));
        return jdbc.sql("SELECT * FROM outbox_messages WHERE id = ?").param(id).query().singleRow();
    }

    List<Map<String, Object>> smsRows(String number) {
        return jdbc.sql("SELECT * FROM outbox_messages WHERE kind = 'sms' AND recipient = ?").param(number)
                .query().listOfRows();
    }

    List<Map<String, Object>> awaitSmsSent(String number) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            List<Map<String, Object>> rows = smsRows(number);
            return rows.size() == 1 && "sent".equals(rows.get(0).get("status"));
        });
        return smsRows(number);
    }

    static LoggedRequest onlyRequestTo(String to) {
        List<LoggedRequest> requests = TWILIO.findAll(postRequestedFor(urlEqualTo(FAKE.messagesPath()))
                .withRequestBody(containing(to)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    /** The encoded form field naming a WhatsApp destination. */
    static String whatsappTo(String number) {
        return "To=whatsapp%3A" + number.replace("+", "%2B") + "&";
    }

    static String smsTo(String number) {
        return "To=" + number.replace("+", "%2B") + "&";
    }

    /** Twilio's 201 with (the fields Verity reads of) its message resource. */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(String sid, String to) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                {"account_sid":"%s","api_version":"2010-04-01","body":"…","date_created":"Thu, 24 Aug 2023 05:01:45 +0000",
                 "direction":"outbound-api","error_code":null,"error_message":null,"from":"%s","num_segments":"1",
                 "price":null,"sid":"%s","status":"queued","to":"%s","uri":"/2010-04-01/Accounts/%s/Messages/%s.json"}
                """.formatted(SID, TwilioFake.WHATSAPP_FROM, sid, to, SID, sid));
    }

    /** Twilio's error resource. */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder refused(int status, int code,
            String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}
                """.formatted(code, message, code, status));
    }

    static String randomNumber() {
        return "+1415556" + (1000 + new java.util.Random().nextInt(8999));
    }
}
