package dev.verity.api.v2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
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
import tools.jackson.databind.JsonNode;

/**
 * What a registration holder can and cannot make v2 say: the sync step/status rules, parallel validations
 * of one code, and the wire form of ids and timestamps (Verifik's ObjectIds, millisecond ISO-8601).
 */
@BothDatabases
class OnboardingIntegrityTests extends VerityHarness {

    static final String SID = "AC000000000000000000000000000000in";
    static final TwilioFake FAKE = new TwilioFake(SID, "token-integrity");
    static final WireMockServer TWILIO = FAKE.server();
    static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());
    static final Pattern SMS_CODE = Pattern.compile("(\\d{6})");
    static final Pattern OBJECT_ID = Pattern.compile("^[0-9a-f]{24}$");
    static final Pattern MILLIS = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");
    static final Set<String> EVENT_TYPES = Set.of("onboarding_app_registration_created",
            "onboarding_app_registration_ongoing", "onboarding_app_registration_completed",
            "onboarding_app_registration_completed_without_kyc", "onboarding_app_registration_failed",
            "onboarding_app_registration_needs_manual_verification", "onboarding_email_validation_created",
            "onboarding_email_validation_resend", "onboarding_email_validation_validated",
            "onboarding_email_validation_otp_incorect", "onboarding_email_validation_expired",
            "onboarding_email_validation_failed", "onboarding_phone_validation_created",
            "onboarding_phone_validation_resend", "onboarding_phone_validation_validated",
            "onboarding_phone_validation_otp_incorect", "onboarding_phone_validation_expired",
            "onboarding_phone_validation_failed");
    static final int PARALLEL = 20;

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
        FAKE.acceptMessages("SMin");
        RECEIVER.resetAll();
        RECEIVER.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    }

    // --- sync follows Verifik's step and status rules ---

    @Test
    void syncWhenAnonymousHolderClaimsCompletionWithoutValidationsThenConflictAndNoCompletedEvent() {
        Registration r = register(uniqueEmail("sync-anon"), randomPhone());

        Response invented = sync(r, "{\"step\":\"finish\",\"status\":\"COMPLETED\"}");
        assertThat(invented.status()).isEqualTo(409);
        assertThat(invented.body()).isEqualTo("{\"code\":\"Conflict\",\"message\":\"409:invalid_step\"}");

        Response early = sync(r, "{\"step\":\"end\",\"status\":\"COMPLETED\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body()).isEqualTo("{\"code\":\"Conflict\",\"message\":\"409:signUpForm_validation_not_passed\"}");
        Response skipped = sync(r, "{\"step\":\"skipKYC\",\"status\":\"COMPLETED_WITHOUT_KYC\"}");
        assertThat(skipped.status()).isEqualTo(409);
        assertThat(skipped.body()).isEqualTo(early.body());

        assertThat(me(r).at("/data/status").asString()).isEqualTo("STARTED");
        awaitWebhooksDelivered();
        assertThat(eventTypes(r.id())).containsExactly("onboarding_app_registration_created");
    }

    @Test
    void syncWhenStatusIsNotVerifiksForTheStepThenConflictAndEveryEventTypeFromTheClosedSet() {
        Registration r = register(uniqueEmail("sync-status"), randomPhone());
        for (String body : List.of("{\"step\":\"instructions\",\"status\":\"<script>\"}",
                "{\"step\":\"instructions\",\"status\":\"ONGOING\\nX-Injected: 1\"}",
                "{\"step\":\"instructions\",\"status\":\"COMPLETED\"}",
                "{\"step\":\"instructions\",\"status\":\"ongoing\"}",
                "{\"step\":\"end\",\"status\":\"ONGOING\"}",
                "{\"step\":\"end\",\"status\":\"COMPLETED_WITHOUT_KYC\"}",
                "{\"step\":\"end\"}",
                "{\"step\":\"skipKYC\",\"status\":\"COMPLETED\"}",
                "{\"step\":\"document\",\"status\":\"STARTED\"}")) {
            Response refused = sync(r, body);
            assertThat(refused.status()).as(body).isEqualTo(409);
            assertThat(refused.body()).as(body).isEqualTo("{\"code\":\"Conflict\",\"message\":\"409:invalid_status\"}");
        }
        for (String body : List.of("{\"step\":\"Instructions\",\"status\":\"ONGOING\"}",
                "{\"step\":\"<script>\",\"status\":\"ONGOING\"}")) {
            assertThat(sync(r, body).body()).as(body).isEqualTo("{\"code\":\"Conflict\",\"message\":\"409:invalid_step\"}");
        }
        Response missing = sync(r, "{\"status\":\"ONGOING\"}");
        assertThat(missing.status()).isEqualTo(409);
        assertThat(missing.body()).isEqualTo("{\"code\":\"MissingParameter\",\"message\":\"missing step\"}");

        Response ongoing = sync(r, "{\"step\":\"instructions\",\"status\":\"ONGOING\"}");
        assertThat(ongoing.status()).as(ongoing.body()).isEqualTo(200);
        assertThat(ongoing.json().at("/data/step").asString()).isEqualTo("instructions");
        assertThat(ongoing.json().at("/data/status").asString()).isEqualTo("ONGOING");
        awaitWebhooksDelivered();
        assertThat(eventTypes(r.id())).containsExactlyInAnyOrder("onboarding_app_registration_created",
                "onboarding_app_registration_ongoing");
        assertThat(allEventTypes()).isSubsetOf(EVENT_TYPES);
    }

    @Test
    void syncWhenEveryGatewayValidatedThenEndCompletesOnceAndTheOutcomeIsFinal() {
        String email = uniqueEmail("sync-done");
        String phone = randomPhone();
        Registration r = register(email, phone);
        String emailValidation = createEmailValidation(r.token(), email);
        assertThat(putEmail(r.token(), emailValidation, email, awaitCode(email, 1)).status()).isEqualTo(200);

        Response half = sync(r, "{\"step\":\"signUpForm\",\"status\":\"ONGOING\"}");
        assertThat(half.status()).isEqualTo(409);
        assertThat(half.body()).isEqualTo("{\"code\":\"Conflict\",\"message\":\"409:signUpForm_validation_not_passed\"}");

        createPhoneValidation(r.token(), phone);
        assertThat(putPhone(r.token(), phone, awaitSmsCode("+1" + phone)).status()).isEqualTo(200);
        Response signUp = sync(r, "{\"step\":\"signUpForm\"}");
        assertThat(signUp.status()).as(signUp.body()).isEqualTo(200);
        assertThat(signUp.json().at("/data/status").asString()).isEqualTo("ONGOING");
        Response done = sync(r, "{\"step\":\"end\",\"status\":\"COMPLETED\"}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().at("/data/step").asString()).isEqualTo("end");
        assertThat(done.json().at("/data/status").asString()).isEqualTo("COMPLETED");

        for (String body : List.of("{\"step\":\"end\",\"status\":\"FAILED\"}", "{\"step\":\"end\",\"status\":\"COMPLETED\"}",
                "{\"step\":\"document\",\"status\":\"ONGOING\"}")) {
            Response after = sync(r, body);
            assertThat(after.status()).as(body).isEqualTo(409);
            assertThat(after.body()).as(body)
                    .isEqualTo("{\"code\":\"Conflict\",\"message\":\"409:AppRegistration_already_finished\"}");
        }
        assertThat(me(r).at("/data/status").asString()).isEqualTo("COMPLETED");
        awaitWebhooksDelivered();
        assertThat(eventTypes(r.id()).stream().filter(t -> t.startsWith("onboarding_app_registration_")))
                .containsExactlyInAnyOrder("onboarding_app_registration_created", "onboarding_app_registration_ongoing",
                        "onboarding_app_registration_completed");
    }

    // --- one code, many parallel checks ---

    @Test
    void validateEmailWhenTwentyParallelRightCodesThenAllValidatedAndOneValidatedEvent() throws Exception {
        String email = uniqueEmail("race-email");
        Registration r = register(email, null);
        String id = createEmailValidation(r.token(), email);
        String code = awaitCode(email, 1);

        List<Response> answers = parallel(() -> putEmail(r.token(), id, email, code));

        assertThat(answers).extracting(Response::status).as(bodies(answers)).containsOnly(200);
        assertThat(answers).extracting(a -> a.json().at("/data/status").asString()).containsOnly("validated");
        awaitWebhooksDelivered();
        assertThat(eventTypes(id)).containsExactlyInAnyOrder("onboarding_email_validation_created",
                "onboarding_email_validation_validated");
    }

    @Test
    void validatePhoneWhenTwentyParallelRightCodesThenAllValidatedAndOneValidatedEvent() throws Exception {
        String phone = randomPhone();
        Registration r = register(null, phone);
        String id = createPhoneValidation(r.token(), phone);
        String code = awaitSmsCode("+1" + phone);

        List<Response> answers = parallel(() -> putPhone(r.token(), phone, code));

        assertThat(answers).extracting(Response::status).as(bodies(answers)).containsOnly(200);
        assertThat(answers).extracting(a -> a.json().at("/data/status").asString()).containsOnly("validated");
        awaitWebhooksDelivered();
        assertThat(eventTypes(id)).containsExactlyInAnyOrder("onboarding_phone_validation_created",
                "onboarding_phone_validation_validated");
    }

    @Test
    void validateWhenAlreadyValidatedThenOnlyTheRightCodeIsAccepted() {
        String email = uniqueEmail("settled");
        String phone = randomPhone();
        Registration r = register(email, phone);
        String id = createEmailValidation(r.token(), email);
        String code = awaitCode(email, 1);
        assertThat(putEmail(r.token(), id, email, code).status()).isEqualTo(200);
        createPhoneValidation(r.token(), phone);
        String smsCode = awaitSmsCode("+1" + phone);
        assertThat(putPhone(r.token(), phone, smsCode).status()).isEqualTo(200);

        Response wrongEmail = putEmail(r.token(), id, email, other(code));
        assertThat(wrongEmail.status()).isEqualTo(403);
        assertThat(wrongEmail.body()).isEqualTo("{\"code\":\"otp_does_not_match\",\"message\":\"403:otp_does_not_match\"}");
        Response wrongPhone = putPhone(r.token(), phone, other(smsCode));
        assertThat(wrongPhone.status()).isEqualTo(403);
        assertThat(wrongPhone.body()).isEqualTo(wrongEmail.body());

        Response again = putEmail(r.token(), id, email, code);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().at("/data/status").asString()).isEqualTo("validated");
        assertThat(putPhone(r.token(), phone, smsCode).json().at("/data/status").asString()).isEqualTo("validated");
    }

    // --- Verifik's wire form: ObjectId-shaped ids, millisecond timestamps ---

    @Test
    void createWhenRegisteringAndValidatingThenEveryIdIsObjectIdShapedWithTheClockSecondsFirst() {
        clock.advance(Duration.ofDays(400));
        long before = clock.instant().getEpochSecond();
        String email = uniqueEmail("ids");
        String phone = randomPhone();
        Registration r = register(email, phone);
        String emailId = createEmailValidation(r.token(), email);
        String phoneId = createPhoneValidation(r.token(), phone);
        long after = clock.instant().getEpochSecond();

        for (String id : List.of(r.id(), emailId, phoneId)) {
            assertThat(id).matches(OBJECT_ID);
            assertThat(Long.parseLong(id.substring(0, 8), 16)).isBetween(before, after);
        }
        Registration second = register(uniqueEmail("ids-2"), null);
        assertThat(second.id()).matches(OBJECT_ID).isNotEqualTo(r.id());
        assertThat(second.id().substring(8)).isNotEqualTo(r.id().substring(8));
        JsonNode validation = get("/v2/email-validations/" + emailId, clientToken()).json().get("data");
        assertThat(validation.get("appRegistration").asString()).isEqualTo(r.id());
        assertThat(me(r).at("/data/_id").asString()).isEqualTo(r.id());
    }

    @Test
    void validationWhenShownByEveryResponseThenTheSameMillisecondTimestamps() {
        String email = uniqueEmail("millis");
        String phone = randomPhone();
        Response created = postJson("/v2/app-registrations", null, """
                {"project":"demo","projectFlow":"onboarding","email":"%s","phone":"%s","countryCode":"+1"}"""
                .formatted(email, phone));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        Registration r = new Registration(created.json().at("/data/appRegistration/_id").asString(),
                created.json().at("/data/token").asString());
        JsonNode registration = created.json().at("/data/appRegistration");
        JsonNode mine = me(r).get("data");
        for (String field : List.of("createdAt", "updatedAt")) {
            assertThat(registration.get(field).asString()).matches(MILLIS);
            assertThat(mine.get(field).asString()).isEqualTo(registration.get(field).asString());
        }

        Response phoneCreated = postJson("/v2/phone-validations/app-registration", r.token(), """
                {"project":"demo","validationMethod":"verificationCode","phone":"%s","countryCode":"+1","type":"onboarding"}"""
                .formatted(phone));
        assertThat(phoneCreated.status()).as(phoneCreated.body()).isEqualTo(200);
        JsonNode fromCreate = phoneCreated.json().get("data");
        String id = fromCreate.get("_id").asString();
        JsonNode fromGet = get("/v2/phone-validations/" + id, clientToken()).json().get("data");
        JsonNode fromList = get("/v2/phone-validations?phone=" + URLEncoder.encode("+1" + phone, StandardCharsets.UTF_8),
                clientToken()).json().at("/data/0");
        assertThat(fromList.get("_id").asString()).isEqualTo(id);
        for (String field : List.of("expiresAt", "createdAt", "updatedAt")) {
            assertThat(fromCreate.get(field).asString()).as(field).matches(MILLIS);
            assertThat(fromGet.get(field).asString()).as(field).isEqualTo(fromCreate.get(field).asString());
            assertThat(fromList.get(field).asString()).as(field).isEqualTo(fromCreate.get(field).asString());
        }

        JsonNode fromPut = putPhone(r.token(), phone, awaitSmsCode("+1" + phone)).json().get("data");
        JsonNode afterPut = get("/v2/phone-validations/" + id, clientToken()).json().get("data");
        for (String field : List.of("expiresAt", "validatedAt", "createdAt", "updatedAt")) {
            assertThat(fromPut.get(field).asString()).as(field).matches(MILLIS);
            assertThat(afterPut.get(field).asString()).as(field).isEqualTo(fromPut.get(field).asString());
        }
        awaitWebhooksDelivered();
        JsonNode hook = webhooks(id).stream().filter(e -> e.get("type").asString().endsWith("_validated")).findFirst()
                .orElseThrow().get("object");
        for (String field : List.of("expiresAt", "validatedAt", "createdAt", "updatedAt")) {
            assertThat(hook.get(field).asString()).as(field).isEqualTo(afterPut.get(field).asString());
        }
    }

    // --- a registration needs something to validate ---

    @Test
    void createWhenNeitherEmailNorPhoneThenMissingParameter() {
        Response neither = postJson("/v2/app-registrations", null, "{\"project\":\"demo\",\"projectFlow\":\"onboarding\"}");
        assertThat(neither.status()).isEqualTo(409);
        assertThat(neither.body())
                .isEqualTo("{\"code\":\"MissingParameter\",\"message\":\"missing email\\n. missing phone\"}");
        Response blank = postJson("/v2/app-registrations", null,
                "{\"project\":\"demo\",\"projectFlow\":\"onboarding\",\"email\":\" \",\"phone\":null}");
        assertThat(blank.body()).isEqualTo(neither.body());
        assertThat(postJson("/v2/app-registrations", null, "{\"project\":\"demo\",\"projectFlow\":\"onboarding\","
                + "\"phone\":\"" + randomPhone() + "\",\"countryCode\":\"+1\"}").status()).isEqualTo(200);
    }

    // --- helpers ---

    record Registration(String id, String token) {
    }

    private Registration register(String email, String phone) {
        StringBuilder body = new StringBuilder("{\"project\":\"demo\",\"projectFlow\":\"onboarding\"");
        if (email != null) {
            body.append(",\"email\":\"").append(email).append('"');
        }
        if (phone != null) {
            body.append(",\"phone\":\"").append(phone).append("\",\"countryCode\":\"+1\"");
        }
        Response response = postJson("/v2/app-registrations", null, body.append('}').toString());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return new Registration(response.json().at("/data/appRegistration/_id").asString(),
                response.json().at("/data/token").asString());
    }

    private String createEmailValidation(String token, String email) {
        Response created = postJson("/v2/email-validations/app-registration", token, """
                {"project":"demo","validationMethod":"verificationCode","email":"%s","type":"onboarding"}""".formatted(email));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().at("/data/_id").asString();
    }

    private String createPhoneValidation(String token, String phone) {
        Response created = postJson("/v2/phone-validations/app-registration", token, """
                {"project":"demo","validationMethod":"verificationCode","phone":"%s","countryCode":"+1","type":"onboarding"}"""
                .formatted(phone));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().at("/data/_id").asString();
    }

    private Response putEmail(String token, String id, String email, String otp) {
        return put("/v2/email-validations/" + id, token, "{\"email\":\"" + email + "\",\"otp\":\"" + otp + "\"}");
    }

    private Response putPhone(String token, String phone, String otp) {
        return put("/v2/phone-validations", token,
                "{\"phone\":\"" + phone + "\",\"countryCode\":\"+1\",\"otp\":\"" + otp + "\"}");
    }

    private Response sync(Registration r, String body) {
        return put("/v2/app-registrations/" + r.id() + "/sync", r.token(), body);
    }

    private JsonNode me(Registration r) {
        Response me = postJson("/v2/app-registrations/me", r.token(), "{}");
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        return me.json();
    }

    private Response put(String path, String token, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private List<Response> parallel(java.util.concurrent.Callable<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String bodies(List<Response> answers) {
        return answers.stream().map(a -> a.status() + " " + a.body()).toList().toString();
    }

    private static String other(String code) {
        return code.equals("111111") ? "222222" : "111111";
    }

    private static String randomPhone() {
        return "415555" + (1000 + ThreadLocalRandom.current().nextInt(8999));
    }

    /** Waits until every queued webhook has been handed to the receiver (all answer 204 here). */
    private void awaitWebhooksDelivered() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM outbox_messages WHERE kind = 'webhook' AND status IN ('pending', 'sending')")
                .query(Long.class).single() == 0);
    }

    /** The received events that mention {@code id}, one per webhook-id (a retry is not a second event). */
    private static List<JsonNode> webhooks(String id) {
        Set<String> seen = new HashSet<>();
        List<JsonNode> events = new ArrayList<>();
        for (LoggedRequest hook : RECEIVER.findAll(postRequestedFor(urlEqualTo("/hook")))) {
            if (hook.getBodyAsString().contains(id) && seen.add(hook.getHeader("webhook-id"))) {
                events.add(JSON.readTree(hook.getBodyAsString()));
            }
        }
        return events;
    }

    private static List<String> eventTypes(String id) {
        return webhooks(id).stream().map(e -> e.get("type").asString()).toList();
    }

    private static List<String> allEventTypes() {
        return RECEIVER.findAll(postRequestedFor(urlEqualTo("/hook"))).stream()
                .map(h -> JSON.readTree(h.getBodyAsString()).get("type").asString()).toList();
    }

    private static String awaitSmsCode(String to) {
        String encoded = URLEncoder.encode(to, StandardCharsets.UTF_8);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> TWILIO.getAllServeEvents().stream()
                .anyMatch(e -> e.getRequest().getBodyAsString().contains("To=" + encoded)));
        String body = TWILIO.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString())
                .filter(b -> b.contains("To=" + encoded)).findFirst().orElseThrow();
        Matcher m = SMS_CODE.matcher(URLDecoder.decode(body.substring(body.indexOf("Body=") + 5).split("&")[0],
                StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
