package dev.verity.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;

/**
 * Abuse protection black-box, on the "guarded" application of the test set-up file: budgets that survive a
 * resend, per-address cooldown under parallel requests, SMS destination rules and the pumping guard, per-IP
 * limits behind a trusted proxy, and both dialects' 429 shapes.
 */
@BothDatabases
class ProtectionTests extends VerityHarness {

    static final String GUARDED = "guarded-backend";
    static final String GUARDED_SECRET = "guarded-backend-secret-0123456789";
    private static final Pattern CODE = Pattern.compile("(\\d{6})");

    @DynamicPropertySource
    static void proxies(DynamicPropertyRegistry registry) {
        registry.add("verity.trusted-proxies", () -> "127.0.0.1,::1");
    }

    @Autowired
    JdbcClient jdbc;

    /** Verity's default limits, but a generous per-IP budget (every test request comes from 127.0.0.1), plus overrides. */
    private void limits(Map<String, Object> overrides) {
        Map<String, Object> limits = new LinkedHashMap<>(Map.of("resend_cooldown", "30s",
                "sends_per_address", "5/10m", "failed_checks_per_address", "20/24h", "sends_per_user", "20/1h",
                "sends_per_ip", "100000/1h", "sms_per_day", "10000"));
        limits.putAll(overrides);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("limits", limits);
        body.put("sms_countries", overrides.getOrDefault("sms_countries", List.of()));
        limits.remove("sms_countries");
        Response response = send(HttpRequest.newBuilder(uri("/admin/api/applications/guarded"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + clientToken(GUARDED, GUARDED_SECRET))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private String guardedUser() {
        String email = uniqueEmail("guarded");
        Response created = postJson("/v1/users", clientToken(GUARDED, GUARDED_SECRET), "{\"email\":\"" + email + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return userToken(GUARDED, GUARDED_SECRET, created.json().at("/result/user_id").asString());
    }

    private Response sendEmail(String token, String email) {
        return postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}");
    }

    @Test
    void sendWhen16ParallelToOneAddressThenOneAcceptedAnd15TooManyRequests() throws Exception {
        limits(Map.of());
        String email = uniqueEmail("parallel");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tokens.add(guardedUser());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String token = tokens.get(i % tokens.size());
            futures.add(pool.submit(() -> {
                start.await();
                return sendEmail(token, email);
            }));
        }
        start.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> f : futures) {
            responses.add(f.get());
        }
        pool.shutdown();
        assertThat(responses.stream().filter(r -> r.status() == 200)).hasSize(1);
        List<Response> refused = responses.stream().filter(r -> r.status() == 429).toList();
        assertThat(refused).hasSize(15);
        refused.forEach(r -> {
            assertThat(r.body()).isEqualTo("{\"message\":\"Too many requests\",\"error_code\":429}");
            assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 30L);
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM protection_events WHERE application_id = 'guarded' "
                + "AND kind = 'send_rate_limited' AND subject = ?").param("email:" + email).query(Long.class).single())
                .isEqualTo(15);
    }

    @Test
    void sendWhenThreePerMinuteWithTwoSecondCooldownThenFourthRefused() {
        limits(Map.of("resend_cooldown", "2s", "sends_per_address", "3/1m"));
        String token = guardedUser();
        String email = uniqueEmail("three");
        assertThat(sendEmail(token, email).status()).isEqualTo(200);
        assertThat(sendEmail(token, email).status()).as("inside the cooldown").isEqualTo(429);
        clock.advance(Duration.ofSeconds(2));
        assertThat(sendEmail(token, email).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(2));
        assertThat(sendEmail(token, email).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(2));
        Response fourth = sendEmail(token, email);
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(Long.parseLong(fourth.header("Retry-After"))).isGreaterThan(2);
    }

    @Test
    void validateWhenFailedChecksSpentAcrossCodesThenEvenTheRightCodeIsRefused() {
        limits(Map.of("resend_cooldown", "0s", "failed_checks_per_address", "7/24h"));
        String token = guardedUser();
        String email = uniqueEmail("budget");
        assertThat(sendEmail(token, email).status()).isEqualTo(200);
        String first = awaitCode(email, 1);
        for (int i = 0; i < 5; i++) {
            assertThat(validate(token, email, wrong(first)).status()).isEqualTo(400);
        }
        assertThat(sendEmail(token, email).status()).isEqualTo(200);
        String second = awaitCode(email, 2);
        for (int i = 0; i < 2; i++) {
            assertThat(validate(token, email, wrong(second)).status()).isEqualTo(400);
        }
        Response right = validate(token, email, second);
        assertThat(right.status()).isEqualTo(429);
        assertThat(right.header("Retry-After")).isNotNull();
        assertThat(get("/v1/users/me", token).json().at("/result/email/email_verified").asBoolean()).isFalse();
    }

    @Test
    void smsWhenCountryOrNumberTypeNotAllowedThenForbidden() {
        limits(Map.of("sms_countries", List.of("US")));
        String token = guardedUser();
        Response spain = postJson("/v1/verification/otp/sms/send", token, "{\"phone_number\":\"+34612345678\"}");
        assertThat(spain.status()).isEqualTo(403);
        assertThat(spain.body()).isEqualTo("{\"message\":\"Destination not allowed\",\"error_code\":403}");
        Response premium = postJson("/v1/verification/otp/sms/send", token, "{\"phone_number\":\"+19005550123\"}");
        assertThat(premium.status()).isEqualTo(403);
        Response fine = postJson("/v1/verification/otp/sms/send", token, "{\"phone_number\":\"+14155552671\"}");
        assertThat(fine.status()).as(fine.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT kind FROM protection_events WHERE application_id = 'guarded' AND subject IN "
                + "('+34612345678', '+19005550123') ORDER BY kind").query(String.class).list())
                .contains("sms_country_refused", "sms_number_type_refused");
    }

    @Test
    void smsWhenPrefixStopsConvertingThenBlockedFor12Hours() {
        limits(Map.of("resend_cooldown", "0s", "sends_per_user", "1000/1h"));
        String token = guardedUser();
        // ten unconverted codes to one prefix (the number without its last four digits)
        String prefix = "+1212555";
        for (int i = 0; i < 10; i++) {
            Response sent = postJson("/v1/verification/otp/sms/send", token,
                    "{\"phone_number\":\"" + prefix + "01" + (10 + i) + "\"}");
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        }
        Response blocked = postJson("/v1/verification/otp/sms/send", token,
                "{\"phone_number\":\"" + prefix + "0199\"}");
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM protection_events WHERE kind = 'sms_prefix_blocked_by_guard' "
                + "AND subject = ?").param(prefix).query(Long.class).single()).isEqualTo(1);
        clock.advance(Duration.ofHours(12).plusMinutes(1));
        assertThat(postJson("/v1/verification/otp/sms/send", guardedUser(), "{\"phone_number\":\"" + prefix + "0198\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void smsWhenPrefixConvertsThenNotBlocked() {
        limits(Map.of("resend_cooldown", "0s", "sends_per_user", "1000/1h"));
        String prefix = "+1646555";
        for (int i = 0; i < 10; i++) {
            String token = guardedUser();
            String number = prefix + "01" + (10 + i);
            assertThat(postJson("/v1/verification/otp/sms/send", token, "{\"phone_number\":\"" + number + "\"}")
                    .status()).isEqualTo(200);
            if (i % 3 == 0) {
                String code = devInboxCode(number);
                assertThat(postJson("/v1/verification/otp/sms/validate", token,
                        "{\"phone_number\":\"" + number + "\",\"passcode\":\"" + code + "\"}").status()).isEqualTo(200);
            }
        }
        assertThat(postJson("/v1/verification/otp/sms/send", guardedUser(), "{\"phone_number\":\"" + prefix + "0199\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void sendWhenBehindTrustedProxyThenPerIpBudgetUsesForwardedClient() {
        limits(Map.of("resend_cooldown", "0s", "sends_per_ip", "2/1h"));
        String token = guardedUser();
        String client = "203.0.113." + (1 + new java.util.Random().nextInt(200));
        assertThat(sendFrom(token, client).status()).isEqualTo(200);
        assertThat(sendFrom(token, "198.51.100.9, " + client).status()).isEqualTo(200);
        assertThat(sendFrom(token, client).status()).isEqualTo(429);
        assertThat(sendFrom(token, "198.51.100.77").status()).isEqualTo(200);
    }

    @Test
    void v2WhenResentInsideCooldownThenVerifikTooManyRequests() {
        limits(Map.of());
        String email = uniqueEmail("v2-guarded");
        Response registration = postJson("/v2/app-registrations", null,
                "{\"project\":\"guarded\",\"projectFlow\":\"onboarding\",\"email\":\"" + email + "\"}");
        assertThat(registration.status()).as(registration.body()).isEqualTo(200);
        String token = registration.json().at("/data/token").asString();
        String body = "{\"project\":\"guarded\",\"validationMethod\":\"verificationCode\",\"email\":\"" + email
                + "\",\"type\":\"onboarding\"}";
        assertThat(postJson("/v2/email-validations/app-registration", token, body).status()).isEqualTo(200);
        Response again = postJson("/v2/email-validations/app-registration", token, body);
        assertThat(again.status()).isEqualTo(429);
        assertThat(again.body()).isEqualTo("{\"code\":\"too_many_requests\",\"message\":\"429:too_many_requests\"}");
        assertThat(again.header("Retry-After")).isNotNull();
        Response spain = postJson("/v2/phone-validations/app-registration", token, """
                {"project":"guarded","validationMethod":"verificationCode","phone":"900 555 0123","countryCode":"+1","type":"onboarding"}""");
        assertThat(spain.status()).isEqualTo(403);
        assertThat(spain.body()).isEqualTo("{\"code\":\"destination_not_allowed\",\"message\":\"403:destination_not_allowed\"}");
    }

    private Response sendFrom(String token, String forwardedFor) {
        return send(HttpRequest.newBuilder(uri("/v1/verification/otp/email/send"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + uniqueEmail("ip") + "\"}")).build());
    }

    private Response validate(String token, String email, String code) {
        return postJson("/v1/verification/otp/email/validate", token,
                "{\"email\":\"" + email + "\",\"passcode\":\"" + code + "\"}");
    }

    private String devInboxCode(String number) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM dev_inbox WHERE recipient = ?").param(number).query(Long.class).single() > 0);
        String text = jdbc.sql("SELECT text_body FROM dev_inbox WHERE recipient = ? ORDER BY created_at DESC LIMIT 1")
                .param(number).query(String.class).single();
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }
}
