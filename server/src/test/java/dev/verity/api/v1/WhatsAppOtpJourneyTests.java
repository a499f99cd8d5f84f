package dev.verity.api.v1;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.TwilioFake;
import dev.verity.testing.VerityHarness;

/**
 * WhatsApp codes end to end, in both dialects, against a local server answering in the shapes of Twilio's
 * Messages API: v1's {@code /v1/verification/otp/whatsapp/send} and {@code /validate}, the fallback to SMS
 * when Twilio cannot reach the number over WhatsApp (the WhatsApp validate endpoint still takes the code), and
 * a v2 flow whose {@code phone_gateway} is {@code whatsapp}.
 */
@BothDatabases
class WhatsAppOtpJourneyTests extends VerityHarness {

    static final String SID = "AC00000000000000000000000000000003";
    static final TwilioFake FAKE = new TwilioFake(SID, "twilio-token-for-journey-tests");
    static final WireMockServer TWILIO = FAKE.server();
    private static final Pattern CODE = Pattern.compile("(\\d{6})");

    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry registry) {
        FAKE.registerSmsAndWhatsApp(registry);
    }

    @BeforeEach
    void reset() {
        TWILIO.resetAll();
    }

    @Test
    void whatsappWhenSentAndValidatedThenTheNumberIsTheVerifiedPhoneOfTheProfile() {
        String number = randomNumber();
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(whatsappTo(number)))
                .willReturn(created("SMwa" + number.substring(2), "whatsapp:" + number)));
        String token = userToken(createUser(uniqueEmail("whatsapp")));

        Response sent = postJson("/v1/verification/otp/whatsapp/send", token, "{\"phone_number\":\"" + number + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.body()).isEqualTo("{\"message\":\"WhatsApp message sent\"}");
        LoggedRequest request = awaitRequest(whatsappTo(number));
        assertThat(field(request, "From")).isEqualTo(TwilioFake.WHATSAPP_FROM);
        String code = codeIn(field(request, "Body"));

        Response wrong = postJson("/v1/verification/otp/whatsapp/validate", token,
                "{\"phone_number\":\"" + number + "\",\"passcode\":\"" + other(code) + "\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("Invalid phone number or passcode");
        Response right = postJson("/v1/verification/otp/whatsapp/validate", token,
                "{\"phone_number\":\"" + number + "\",\"passcode\":\"" + code + "\"}");
        assertThat(right.status()).as(right.body()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("{\"result\":true}");
        Response me = get("/v1/users/me", token);
        assertThat(me.json().at("/result/phone_number/value").asString()).isEqualTo(number);
        assertThat(me.json().at("/result/phone_number/phone_number_verified").asBoolean()).isTrue();
    }

    @Test
    void whatsappWhenTwilioCannotReachTheNumberThenTheSameCodeComesBySmsAndWhatsAppValidateTakesIt() {
        String number = randomNumber();
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(whatsappTo(number)))
                .willReturn(refused(400, 63003, "Channel could not find To address")));
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(smsTo(number)))
                .willReturn(created("SMsms" + number.substring(2), number)));
        String token = userToken(createUser(uniqueEmail("fallback")));

        assertThat(postJson("/v1/verification/otp/whatsapp/send", token, "{\"phone_number\":\"" + number + "\"}")
                .status()).isEqualTo(200);
        String code = codeIn(field(awaitRequest(smsTo(number)), "Body"));
        assertThat(TWILIO.findAll(postRequestedFor(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(whatsappTo(number)))))
                .hasSize(1);

        Response bySms = postJson("/v1/verification/otp/sms/validate", token,
                "{\"phone_number\":\"" + number + "\",\"passcode\":\"" + code + "\"}");
        assertThat(bySms.status()).as("the code belongs to the WhatsApp send").isEqualTo(404);
        Response right = postJson("/v1/verification/otp/whatsapp/validate", token,
                "{\"phone_number\":\"" + number + "\",\"passcode\":\"" + code + "\"}");
        assertThat(right.status()).as(right.body()).isEqualTo(200);
    }

    @Test
    void whatsappWhenTheNumberIsMalformedThenTheSmsEndpointsAnswer() {
        String token = userToken(createUser(uniqueEmail("malformed")));
        for (String channel : List.of("sms", "whatsapp")) {
            Response response = postJson("/v1/verification/otp/" + channel + "/send", token,
                    "{\"phone_number\":\"12345\"}");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo(
                    "{\"message\":[\"phone_number must be a valid phone number\"],\"error_code\":400}");
        }
        assertThat(TWILIO.getAllServeEvents()).isEmpty();
    }

    @Test
    void v2WhenTheFlowSendsPhoneCodesByWhatsAppThenTheValidationIsValidatedWithTheWhatsAppCode() {
        String number = randomNumber();
        TWILIO.stubFor(post(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(whatsappTo(number)))
                .willReturn(created("SMv2" + number.substring(2), "whatsapp:" + number)));
        Response registration = postJson("/v2/app-registrations", null,
                "{\"project\":\"demo\",\"projectFlow\":\"whatsapp-flow\",\"email\":\"" + uniqueEmail("v2wa") + "\"}");
        assertThat(registration.status()).as(registration.body()).isEqualTo(200);
        String token = registration.json().at("/data/token").asString();
        String local = number.substring(2);
        Response created = postJson("/v2/phone-validations/app-registration", token, """
                {"project":"demo","validationMethod":"verificationCode","phone":"%s","countryCode":"+1","type":"onboarding"}"""
                .formatted(local));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String code = codeIn(field(awaitRequest(whatsappTo(number)), "Body"));

        Response validated = send(java.net.http.HttpRequest.newBuilder(uri("/v2/phone-validations"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"phone":"%s","countryCode":"+1","otp":"%s"}""".formatted(local, code))).build());
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        assertThat(validated.json().at("/data/status").asString()).isEqualTo("validated");
    }

    private static LoggedRequest awaitRequest(String to) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !TWILIO.findAll(
                postRequestedFor(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(to))).isEmpty());
        return TWILIO.findAll(postRequestedFor(urlEqualTo(FAKE.messagesPath())).withRequestBody(containing(to))).get(0);
    }

    private static String field(LoggedRequest request, String name) {
        for (String pair : request.getBodyAsString().split("&")) {
            String[] parts = pair.split("=", 2);
            if (URLDecoder.decode(parts[0], StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no form field " + name + " in " + request.getBodyAsString());
    }

    private static String codeIn(String text) {
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private static String other(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private static String whatsappTo(String number) {
        return "To=whatsapp%3A" + number.replace("+", "%2B") + "&";
    }

    private static String smsTo(String number) {
        return "To=" + number.replace("+", "%2B") + "&";
    }

    private static ResponseDefinitionBuilder created(String sid, String to) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                {"account_sid":"%s","api_version":"2010-04-01","direction":"outbound-api","error_code":null,
                 "from":"%s","num_segments":"1","sid":"%s","status":"queued","to":"%s"}
                """.formatted(SID, TwilioFake.WHATSAPP_FROM, sid, to));
    }

    private static ResponseDefinitionBuilder refused(int status, int code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}
                """.formatted(code, message, code, status));
    }

    private static String randomNumber() {
        return "+1415556" + (1000 + new java.util.Random().nextInt(8999));
    }
}
