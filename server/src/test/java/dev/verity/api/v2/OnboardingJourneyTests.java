package dev.verity.api.v2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.TwilioFake;
import dev.verity.testing.VerityHarness;
import tools.jackson.databind.JsonNode;

/**
 * The v2 onboarding journey black-box: a real SMTP server, a local Twilio-shaped SMS API, and a local webhook
 * receiver whose signatures are checked by an implementation written from the Standard Webhooks spec.
 */
@BothDatabases
class OnboardingJourneyTests extends VerityHarness {

    static final String SID = "AC000000000000000000000000000000v2";
    static final byte[] HOOK_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final TwilioFake FAKE = new TwilioFake(SID, "token-v2");
    static final WireMockServer TWILIO = FAKE.server();
    static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());
    static final Pattern SMS_CODE = Pattern.compile("(\\d{6})");

    static {
        RECEIVER.start();
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        FAKE.registerSms(registry);
        registry.add("test.webhook-url", () -> RECEIVER.baseUrl() + "/hook");
    }

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void stubs() {
        FAKE.acceptMessages("SMv2");
        RECEIVER.resetAll();
        RECEIVER.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void onboardingWhenEmailAndPhoneValidatedThenSignUpPassesAndWebhooksAreSigned() throws Exception {
        String email = uniqueEmail("v2");
        String phone = "415555" + (1000 + new java.util.Random().nextInt(8999));
        Response registration = postJson("/v2/app-registrations", null, """
                {"project":"demo","projectFlow":"onboarding","email":"%s","phone":"%s","countryCode":"+1",
                 "fullName":"Ada Lovelace"}""".formatted(email, phone));
        assertThat(registration.status()).as(registration.body()).isEqualTo(200);
        assertThat(registration.json().at("/data/appRegistration/status").asString()).isEqualTo("STARTED");
        String token = registration.json().at("/data/token").asString();
        String registrationId = registration.json().at("/data/appRegistration/_id").asString();

        Response created = postJson("/v2/email-validations/app-registration", token, """
                {"project":"demo","validationMethod":"verificationCode","email":" %s ","type":"onboarding"}"""
                .formatted(email.toUpperCase()));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().at("/data/status").asString()).isEqualTo("sent");
        assertThat(created.json().at("/data/email").asString()).isEqualTo(email);
        assertThat(created.json().at("/data/existing").asBoolean()).isFalse();
        assertThat(created.body()).doesNotContainIgnoringCase("otp\"").doesNotContain("hash");
        String validationId = created.json().at("/data/_id").asString();
        String code = awaitCode(email, 1);

        Response wrong = put("/v2/email-validations/" + validationId, token,
                "{\"email\":\"" + email + "\",\"otp\":" + (code.equals("111111") ? 222222 : 111111) + "}");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.body()).isEqualTo("{\"code\":\"otp_does_not_match\",\"message\":\"403:otp_does_not_match\"}");

        Response early = put("/v2/app-registrations/" + registrationId + "/sync", token, "{\"step\":\"signUpForm\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body()).isEqualTo("{\"code\":\"Conflict\",\"message\":\"409:signUpForm_validation_not_passed\"}");

        Response validated = put("/v2/email-validations/" + validationId, token,
                "{\"email\":\"" + email + "\",\"otp\":" + Integer.parseInt(code) + "}");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        assertThat(validated.json().get("data").toString()).isEqualTo(JSON.readTree("""
                {"_id":"%s","status":"validated","email":"%s","type":"onboarding","showFaceLivenessRecommendation":false}"""
                .formatted(validationId, email)).toString());

        Response phoneCreated = postJson("/v2/phone-validations/app-registration", token, """
                {"project":"demo","validationMethod":"verificationCode","phone":"%s","countryCode":"+1","type":"onboarding"}"""
                .formatted(phone));
        assertThat(phoneCreated.status()).as(phoneCreated.body()).isEqualTo(200);
        String smsCode = awaitSmsCode("+1" + phone);
        Response phoneValidated = put("/v2/phone-validations", token,
                "{\"phone\":\"" + phone + "\",\"countryCode\":\"+1\",\"otp\":\"" + smsCode + "\"}");
        assertThat(phoneValidated.status()).as(phoneValidated.body()).isEqualTo(200);
        assertThat(phoneValidated.json().at("/data/status").asString()).isEqualTo("validated");

        Response synced = put("/v2/app-registrations/" + registrationId + "/sync", token,
                "{\"step\":\"signUpForm\",\"status\":\"ONGOING\"}");
        assertThat(synced.status()).as(synced.body()).isEqualTo(200);
        assertThat(synced.json().at("/data/step").asString()).isEqualTo("signUpForm");
        Response finished = put("/v2/app-registrations/" + registrationId + "/sync", token,
                "{\"step\":\"end\",\"status\":\"COMPLETED\"}");
        assertThat(finished.status()).as(finished.body()).isEqualTo(200);
        assertThat(finished.json().at("/data/status").asString()).isEqualTo("COMPLETED");

        Set<String> types = new HashSet<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            types.clear();
            for (LoggedRequest hook : RECEIVER.findAll(postRequestedFor(urlEqualTo("/hook")))) {
                assertThat(signatureValid(hook)).as(hook.getBodyAsString()).isTrue();
                JsonNode event = JSON.readTree(hook.getBodyAsString());
                if (event.toString().contains(registrationId)) {
                    types.add(event.get("type").asString());
                }
            }
            assertThat(types).contains("onboarding_app_registration_created", "onboarding_email_validation_created",
                    "onboarding_email_validation_otp_incorect", "onboarding_email_validation_validated",
                    "onboarding_phone_validation_validated", "onboarding_app_registration_completed");
        });
        for (LoggedRequest hook : RECEIVER.findAll(postRequestedFor(urlEqualTo("/hook")))) {
            assertThat(hook.getBodyAsString()).doesNotContain(code).doesNotContain(smsCode);
        }
    }

    @Test
    void validateWhenExpiresAtPassedThenPreconditionFailedAndExpired() {
        String email = uniqueEmail("v2-exp");
        String token = register("onboarding", email);
        String expiresAt = clock.instant().plusSeconds(2).toString();
        Response created = postJson("/v2/email-validations/app-registration", token, """
                {"project":"demo","validationMethod":"verificationCode","email":"%s","type":"onboarding","expiresAt":"%s"}"""
                .formatted(email, expiresAt));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String code = awaitCode(email, 1);
        clock.advance(Duration.ofSeconds(3));
        Response late = put("/v2/email-validations/" + created.json().at("/data/_id").asString(), token,
                "{\"email\":\"" + email + "\",\"otp\":\"" + code + "\"}");
        assertThat(late.status()).isEqualTo(412);
        assertThat(late.body()).isEqualTo(
                "{\"code\":\"emailValidation_has_expired\",\"message\":\"412:emailValidation_has_expired\"}");
    }

    @Test
    void createWhenAgainForActiveValidationThenExistingAndNewCodeSupersedes() {
        String email = uniqueEmail("v2-again");
        String token = register("onboarding", email);
        String body = """
                {"project":"demo","validationMethod":"verificationCode","email":"%s","type":"onboarding"}""".formatted(email);
        Response first = postJson("/v2/email-validations/app-registration", token, body);
        String oldCode = awaitCode(email, 1);
        Response second = postJson("/v2/email-validations/app-registration", token, body);
        assertThat(second.json().at("/data/existing").asBoolean()).isTrue();
        assertThat(second.json().at("/data/_id").asString()).isEqualTo(first.json().at("/data/_id").asString());
        String newCode = awaitCode(email, 2);
        if (!oldCode.equals(newCode)) {
            assertThat(put("/v2/email-validations/" + first.json().at("/data/_id").asString(), token,
                    "{\"email\":\"" + email + "\",\"otp\":\"" + oldCode + "\"}").status()).isEqualTo(403);
        }
        assertThat(put("/v2/email-validations/" + first.json().at("/data/_id").asString(), token,
                "{\"email\":\"" + email + "\",\"otp\":\"" + newCode + "\"}").status()).isEqualTo(200);
    }

    @Test
    void demoFlowWhenValidatedWithDemoOtpThenValidatedAndNothingSent() {
        String email = uniqueEmail("v2-demo");
        String token = register("demo-flow", email);
        Response created = postJson("/v2/email-validations/app-registration", token, """
                {"project":"demo","validationMethod":"verificationCode","email":"%s","type":"onboarding"}""".formatted(email));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        Response validated = put("/v2/email-validations/" + created.json().at("/data/_id").asString(), token,
                "{\"email\":\"" + email + "\",\"otp\":123456}");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE recipient = ?").param(email)
                .query(Long.class).single()).isZero();
        assertThat(mailTo(email)).isEmpty();
    }

    @Test
    void otherRegistrationWhenTouchingForeignValidationThenNotFound() {
        String email = uniqueEmail("v2-owner");
        String owner = register("onboarding", email);
        Response created = postJson("/v2/email-validations/app-registration", owner, """
                {"project":"demo","validationMethod":"verificationCode","email":"%s","type":"onboarding"}""".formatted(email));
        String code = awaitCode(email, 1);
        String intruder = register("onboarding", uniqueEmail("v2-intruder"));
        Response foreign = put("/v2/email-validations/" + created.json().at("/data/_id").asString(), intruder,
                "{\"email\":\"" + email + "\",\"otp\":\"" + code + "\"}");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(
                "{\"code\":\"email_validation_not_found\",\"message\":\"404:email_validation_not_found\"}");
        assertThat(put("/v2/app-registrations/" + "someone-else" + "/sync", intruder, "{\"step\":\"x\"}").status())
                .isEqualTo(404);
    }

    @Test
    void createWhenFieldsMissingOrUnknownProjectThenVerifikErrors() {
        Response missing = postJson("/v2/app-registrations", null, "{\"email\":\"not-an-email\"}");
        assertThat(missing.status()).isEqualTo(409);
        assertThat(missing.json().get("code").asString()).isEqualTo("MissingParameter");
        assertThat(missing.json().get("message").asString())
                .isEqualTo("missing project\n. missing projectFlow\n. invalid email");
        Response unknown = send(HttpRequest.newBuilder(uri("/v2/app-registrations"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer garbage")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"project\":\"nope\",\"projectFlow\":\"onboarding\",\"email\":\"a@example.com\"}")).build());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"code\":\"project_not_found\",\"message\":\"404:project_not_found\"}");
        assertThat(postJson("/v2/app-registrations", null,
                "{\"project\":\"demo\",\"projectFlow\":\"nope\",\"email\":\"a@example.com\"}").body())
                .isEqualTo("{\"code\":\"projectFlow_not_found\",\"message\":\"404:projectFlow_not_found\"}");
        assertThat(postJson("/v2/app-registrations", null,
                "{\"project\":\"demo\",\"projectFlow\":\"private-flow\",\"email\":\"a@example.com\"}")
                .status()).isEqualTo(401);
        Response tooLong = postJson("/v2/app-registrations", null, "{\"project\":\"demo\",\"projectFlow\":\"onboarding\","
                + "\"email\":\"a@example.com\","
                + "\"fullName\":\"" + "a".repeat(201) + "\",\"language\":\"" + "x".repeat(36) + "\"}");
        assertThat(tooLong.status()).isEqualTo(409);
        assertThat(tooLong.json().get("message").asString()).isEqualTo("invalid fullName\n. invalid language");
        assertThat(postJson("/v2/app-registrations", clientToken(),
                "{\"project\":\"demo\",\"projectFlow\":\"private-flow\",\"email\":\"" + uniqueEmail("p") + "\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void listWhenClientTokenThenPagedAndFiltered() {
        String email = uniqueEmail("v2-list");
        String token = register("onboarding", email);
        postJson("/v2/email-validations/app-registration", token, """
                {"project":"demo","validationMethod":"verificationCode","email":"%s","type":"onboarding"}""".formatted(email));
        Response list = get("/v2/email-validations?email=" + email + "&limit=5&page=1", clientToken());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().at("/pagination/total").asInt()).isEqualTo(1);
        assertThat(list.json().at("/pagination/pages").asInt()).isEqualTo(1);
        assertThat(list.json().at("/data/0/email").asString()).isEqualTo(email);
        String id = list.json().at("/data/0/_id").asString();
        assertThat(get("/v2/email-validations/" + id, clientToken()).json().at("/data/_id").asString()).isEqualTo(id);
        assertThat(get("/v2/email-validations/" + id, clientToken(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET)).status())
                .isEqualTo(404);
        assertThat(get("/v2/email-validations?limit=101", clientToken()).status()).isEqualTo(409);
        assertThat(get("/v2/email-validations", token).status()).isEqualTo(401);
    }

    @Test
    void webhookWhenReceiverFailsThenRecoversThenEveryEventArrivesWithStableId() {
        RECEIVER.resetAll();
        RECEIVER.stubFor(post(urlEqualTo("/hook")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("second"));
        RECEIVER.stubFor(post(urlEqualTo("/hook")).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("third"));
        RECEIVER.stubFor(post(urlEqualTo("/hook")).inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(200)));
        String email = uniqueEmail("v2-flaky");
        String token = register("onboarding", email);
        postJson("/v2/email-validations/app-registration", token, """
                {"project":"demo","validationMethod":"verificationCode","email":"%s","type":"onboarding"}""".formatted(email));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<LoggedRequest> all = RECEIVER.findAll(postRequestedFor(urlEqualTo("/hook")));
            Map<String, List<String>> idsByType = new java.util.HashMap<>();
            for (LoggedRequest r : all) {
                if (r.getBodyAsString().contains(email)) {
                    idsByType.computeIfAbsent(JSON.readTree(r.getBodyAsString()).get("type").asString(),
                            t -> new java.util.ArrayList<>()).add(r.getHeader("webhook-id"));
                }
            }
            assertThat(idsByType).containsKeys("onboarding_app_registration_created",
                    "onboarding_email_validation_created");
            assertThat(all).hasSizeGreaterThanOrEqualTo(4);
            // retried deliveries of one event carry one id
            idsByType.values().forEach(ids -> assertThat(new HashSet<>(ids)).hasSize(1));
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM outbox_messages WHERE kind = 'webhook' AND status = 'sent'").query(Long.class)
                .single() >= 2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_attempts WHERE status_code IN (500, 503)").query(Long.class)
                .single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void webhookWhenReceiverAnswers410ThenEndpointDisabledAndLogged() {
        RECEIVER.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
        String admin = clientToken();
        Response put = send(HttpRequest.newBuilder(uri("/admin/api/applications/demo/flows/gone-flow"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"type":"onboarding","public":true,"email_gateway":"email","phone_gateway":"none",
                         "webhook_url":"%s","webhook_secret":"whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}"""
                        .formatted(RECEIVER.baseUrl() + "/gone"))).build());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).doesNotContain("whsec_");
        // SECURITY.md rule 4: the signing secret is stored sealed, never as written
        assertThat(jdbc.sql("SELECT webhook_secret FROM project_flows WHERE id = 'gone-flow'").query(String.class).single())
                .doesNotContain("whsec_").doesNotContain("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY");

        register("gone-flow", uniqueEmail("v2-gone"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get("/admin/api/applications/demo/flows/gone-flow",
                admin).json().get("webhook_disabled").asBoolean());
        Response log = get("/admin/api/webhook-deliveries?endpoint=" + RECEIVER.baseUrl() + "/gone", admin);
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.json().get(0).get("statusCode").asInt()).isEqualTo(410);
        assertThat(log.json().get(0).get("eventType").asString()).isEqualTo("onboarding_app_registration_created");

        int before = RECEIVER.findAll(postRequestedFor(urlEqualTo("/gone"))).size();
        register("gone-flow", uniqueEmail("v2-gone-later"));
        assertThat(RECEIVER.findAll(postRequestedFor(urlEqualTo("/gone")))).hasSize(before);
        assertThat(get("/admin/api/webhook-deliveries", clientToken(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET)).status())
                .isEqualTo(403);
    }

    private String register(String flow, String email) {
        Response response = postJson("/v2/app-registrations", null,
                "{\"project\":\"demo\",\"projectFlow\":\"" + flow + "\",\"email\":\"" + email + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().at("/data/token").asString();
    }

    private Response put(String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private static String awaitSmsCode(String to) {
        String encoded = java.net.URLEncoder.encode(to, StandardCharsets.UTF_8);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> TWILIO.getAllServeEvents().stream()
                .anyMatch(e -> e.getRequest().getBodyAsString().contains("To=" + encoded)));
        String body = TWILIO.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString())
                .filter(b -> b.contains("To=" + encoded)).findFirst().orElseThrow();
        Matcher m = SMS_CODE.matcher(URLDecoder.decode(body.substring(body.indexOf("Body=") + 5).split("&")[0],
                StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Standard Webhooks verification written from the specification. */
    static boolean signatureValid(LoggedRequest request) throws Exception {
        String signed = request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + "."
                + request.getBodyAsString();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HOOK_KEY, "HmacSHA256"));
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
