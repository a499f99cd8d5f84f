package dev.verity.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;

/**
 * Checking a code (SECURITY.md rules 5–9): parallel checks consume a code once and never exceed the attempt
 * budget, the fifth wrong check kills the code, codes expire, a resend supersedes, and a code verifies only
 * the user, application and address it was sent for. Through the real v1 API, on H2 and on PostgreSQL.
 */
@BothDatabases
class OtpCheckTests extends VerityHarness {

    static final String SEND = "/v1/verification/otp/email/send";
    static final String VALIDATE = "/v1/verification/otp/email/validate";
    static final String INVALID_OTP =
            "{\"message\":\"Invalid email or passcode\",\"error_code\":400,\"error_type\":\"invalid_otp\"}";
    static final String EXPIRED_OTP = "{\"message\":\"Passcode expired\",\"error_code\":400,\"error_type\":\"expired_otp\"}";
    static final String VERIFIED = "{\"result\":true}";
    static final int MAX_ATTEMPTS = 5; // test-setup.yml, application demo
    static final int PARALLEL = 32;

    @Autowired
    JdbcClient jdbc;

    @Test
    void validateWhen32ParallelRequestsCarryTheRightCodeThenExactlyOneSucceeds() throws Exception {
        String email = uniqueEmail("race-right");
        String userId = createUser(email);
        String token = userToken(userId);
        String code = sendAndAwaitCode(token, email);

        List<Response> responses = inParallel(i -> validate(token, email, code));

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 200).allSatisfy(r -> assertThat(r.body()).isEqualTo(VERIFIED));
        assertThat(responses).filteredOn(r -> r.status() != 200)
                .hasSize(PARALLEL - 1)
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.body()).isEqualTo(INVALID_OTP);
                });
        Map<String, Object> challenge = onlyChallenge(userId, email);
        assertThat(challenge.get("status")).isEqualTo("consumed");
        assertThat(get("/v1/users/me", token).json().at("/result/email/email_verified").asBoolean()).isTrue();
    }

    @Test
    void validateWhenFiveWrongCodesWereCheckedThenTheRightCodeIsRefusedAndTheCodeIsFailed() {
        String email = uniqueEmail("five-wrong");
        String userId = createUser(email);
        String token = userToken(userId);
        String code = sendAndAwaitCode(token, email);

        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            Response wrong = validate(token, email, wrongCode(code, i));
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.body()).isEqualTo(INVALID_OTP);
        }

        Response right = validate(token, email, code);
        assertThat(right.status()).isEqualTo(400);
        assertThat(right.body()).isEqualTo(INVALID_OTP);
        Map<String, Object> challenge = onlyChallenge(userId, email);
        assertThat(challenge.get("status")).isEqualTo("failed");
        assertThat(attempts(challenge)).isEqualTo(MAX_ATTEMPTS);
        assertThat(get("/v1/users/me", token).json().at("/result/email/email_verified").asBoolean()).isFalse();
    }

    @Test
    void validateWhenFourWrongCodesWereCheckedThenTheRightCodeStillVerifies() {
        String email = uniqueEmail("four-wrong");
        String userId = createUser(email);
        String token = userToken(userId);
        String code = sendAndAwaitCode(token, email);

        for (int i = 0; i < MAX_ATTEMPTS - 1; i++) {
            assertThat(validate(token, email, wrongCode(code, i)).body()).isEqualTo(INVALID_OTP);
        }

        Response right = validate(token, email, code);
        assertThat(right.status()).as(right.body()).isEqualTo(200);
        assertThat(right.body()).isEqualTo(VERIFIED);
        assertThat(onlyChallenge(userId, email).get("status")).isEqualTo("consumed");
    }

    @Test
    void validateWhen32ParallelWrongGuessesThenNoMoreThanMaxAttemptsAreCountedAndTheCodeIsDead() throws Exception {
        String email = uniqueEmail("race-wrong");
        String userId = createUser(email);
        String token = userToken(userId);
        String code = sendAndAwaitCode(token, email);

        List<Response> responses = inParallel(i -> validate(token, email, wrongCode(code, i)));

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).isEqualTo(INVALID_OTP);
        });
        Map<String, Object> challenge = onlyChallenge(userId, email);
        assertThat(attempts(challenge)).isEqualTo(MAX_ATTEMPTS);
        assertThat(challenge.get("status")).isEqualTo("failed");

        Response right = validate(token, email, code);
        assertThat(right.status()).isEqualTo(400);
        assertThat(right.body()).isEqualTo(INVALID_OTP);
        assertThat(attempts(onlyChallenge(userId, email))).isEqualTo(MAX_ATTEMPTS);
        assertThat(get("/v1/users/me", token).json().at("/result/email/email_verified").asBoolean()).isFalse();
    }

    @Test
    void validateWhenTenMinutesHavePassedThenPasscodeExpired() {
        String email = uniqueEmail("expired");
        String token = userToken(createUser(email));
        String code = sendAndAwaitCode(token, email);

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        Response response = validate(token, email, code);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(EXPIRED_OTP);
        assertThat(get("/v1/users/me", token).json().at("/result/email/email_verified").asBoolean()).isFalse();
    }

    @Test
    void validateWhenNineMinutesHavePassedThenTheCodeStillVerifies() {
        String email = uniqueEmail("not-expired");
        String token = userToken(createUser(email));
        String code = sendAndAwaitCode(token, email);

        clock.advance(Duration.ofMinutes(9));

        Response response = validate(token, email, code);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(VERIFIED);
    }

    @Test
    void validateWhenANewCodeWasSentThenTheOldCodeIsRefusedAndTheNewOneVerifies() {
        String email = uniqueEmail("resend");
        String token = userToken(createUser(email));
        String old = sendAndAwaitCode(token, email);
        String fresh = resendUntilDifferent(token, email, old);

        Response oldResponse = validate(token, email, old);
        assertThat(oldResponse.status()).isEqualTo(400);
        assertThat(oldResponse.body()).isEqualTo(INVALID_OTP);

        Response freshResponse = validate(token, email, fresh);
        assertThat(freshResponse.status()).as(freshResponse.body()).isEqualTo(200);
        assertThat(freshResponse.body()).isEqualTo(VERIFIED);
    }

    @Test
    void validateWhenAnotherUserHoldsTheCodeThenNoPendingCodeForThem() {
        String email = uniqueEmail("bind-user");
        String tokenA = userToken(createUser(email));
        String tokenB = userToken(createUser(uniqueEmail("bind-user-b")));
        String codeA = sendAndAwaitCode(tokenA, email);

        Response response = validate(tokenB, email, codeA);

        assertThat(response.status()).isEqualTo(404);
        assertTransmitError(response, 404);
        assertThat(verifiedEmails(tokenB)).doesNotContain(email);
        Response owner = validate(tokenA, email, codeA);
        assertThat(owner.status()).as(owner.body()).isEqualTo(200);
    }

    @Test
    void validateWhenAnotherUserHasTheirOwnPendingCodeForTheAddressThenTheFirstUsersCodeIsInvalidForThem() {
        String email = uniqueEmail("bind-both");
        String tokenA = userToken(createUser(email));
        String tokenB = userToken(createUser(uniqueEmail("bind-both-b")));
        String codeA = sendAndAwaitCode(tokenA, email);
        resendUntilDifferent(tokenB, email, codeA);

        Response response = validate(tokenB, email, codeA);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(INVALID_OTP);
        Response owner = validate(tokenA, email, codeA);
        assertThat(owner.status()).as(owner.body()).isEqualTo(200);
        assertThat(verifiedEmails(tokenA)).contains(email);
        assertThat(verifiedEmails(tokenB)).doesNotContain(email);
    }

    @Test
    void validateWhenTheCodeWasSentToAnotherAddressOfTheSameUserThenItDoesNotVerifyThisOne() {
        String x = uniqueEmail("bind-x");
        String y = uniqueEmail("bind-y");
        String token = userToken(createUser(x));
        String codeX = sendAndAwaitCode(token, x);

        Response nothingSentToY = validate(token, y, codeX);
        assertThat(nothingSentToY.status()).isEqualTo(404);
        assertTransmitError(nothingSentToY, 404);

        resendUntilDifferent(token, y, codeX);
        Response wrongAddress = validate(token, y, codeX);
        assertThat(wrongAddress.status()).isEqualTo(400);
        assertThat(wrongAddress.body()).isEqualTo(INVALID_OTP);

        assertThat(verifiedEmails(token)).doesNotContain(y);
        Response rightAddress = validate(token, x, codeX);
        assertThat(rightAddress.status()).as(rightAddress.body()).isEqualTo(200);
    }

    @Test
    void validateWhenTheUserTokenIsOfAnotherApplicationThenTheCodeIssuedUnderDemoDoesNotVerify() {
        String email = uniqueEmail("bind-app");
        String userId = createUser(email);
        String demoToken = userToken(userId);
        String otherToken = userToken(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, userId);
        String code = sendAndAwaitCode(demoToken, email);

        Response response = validate(otherToken, email, code);

        assertThat(response.status()).isEqualTo(404);
        assertTransmitError(response, 404);
        assertThat(get("/v1/users/me", demoToken).json().at("/result/email/email_verified").asBoolean()).isFalse();
        Response demo = validate(demoToken, email, code);
        assertThat(demo.status()).as(demo.body()).isEqualTo(200);
    }

    @Test
    void validateWhenNoCodeWasEverSentToTheAddressThenNotFoundInTransmitShape() {
        String email = uniqueEmail("never-sent");
        String token = userToken(createUser(email));

        Response response = validate(token, email, "123456");

        assertThat(response.status()).isEqualTo(404);
        assertTransmitError(response, 404);
    }

    @Test
    void validateWhenTheCodeWasAlreadyUsedThenInvalidOtp() {
        String email = uniqueEmail("used");
        String secondary = uniqueEmail("used-second");
        String token = userToken(createUser(email));
        String code = sendAndAwaitCode(token, email);
        assertThat(validate(token, email, code).status()).isEqualTo(200);

        Response again = validate(token, email, code);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).isEqualTo(INVALID_OTP);
        // the used code does not carry over to another address either
        assertThat(validate(token, secondary, code).status()).isEqualTo(404);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    Response validate(String token, String email, String passcode) {
        return postJson(VALIDATE, token, "{\"email\":\"" + email + "\",\"passcode\":\"" + passcode + "\"}");
    }

    String sendAndAwaitCode(String token, String email) {
        int before = mailTo(email).size();
        Response sent = postJson(SEND, token, "{\"email\":\"" + email + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        return awaitCode(email, before + 1);
    }

    /**
     * Sends a new code to the address until it differs from {@code other} (one in a million codes repeat),
     * so that a test about which code is accepted cannot pass by coincidence. The clock moves past any
     * resend cooldown first.
     */
    String resendUntilDifferent(String token, String email, String other) {
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(31));
            String code = sendAndAwaitCode(token, email);
            if (!code.equals(other)) {
                return code;
            }
        }
        throw new AssertionError("three codes in a row equal to " + other);
    }

    /** A code of the same length that is not {@code code}; different for each {@code i} below 10. */
    static String wrongCode(String code, int i) {
        String candidate = String.format("%0" + code.length() + "d", (long) i * 111_111 % (long) Math.pow(10, code.length()));
        if (!candidate.equals(code)) {
            return candidate;
        }
        return String.format("%0" + code.length() + "d", ((long) i * 111_111 + 7) % (long) Math.pow(10, code.length()));
    }

    List<Response> inParallel(IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch ready = new CountDownLatch(PARALLEL);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return request.apply(n);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    Map<String, Object> onlyChallenge(String userId, String email) {
        List<Map<String, Object>> rows = jdbc.sql("SELECT id, status, attempts, max_attempts FROM challenges "
                        + "WHERE subject_id = ? AND destination = ?")
                .params(userId, email)
                .query()
                .listOfRows();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    /** The addresses the token's user has as verified contacts, primary or secondary. */
    List<String> verifiedEmails(String token) {
        Response me = get("/v1/users/me", token);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        List<String> verified = new ArrayList<>();
        if (me.json().at("/result/email/email_verified").asBoolean(false)) {
            verified.add(me.json().at("/result/email/value").asString());
        }
        me.json().at("/result/secondary_emails").valueStream()
                .filter(n -> n.at("/email_verified").asBoolean(false))
                .forEach(n -> verified.add(n.at("/value").asString()));
        return verified;
    }

    static int attempts(Map<String, Object> challenge) {
        return ((Number) challenge.get("attempts")).intValue();
    }

    static void assertTransmitError(Response response, int status) {
        assertThat(response.json()).as(response.body()).isNotNull();
        assertThat(response.json().propertyNames()).containsExactlyInAnyOrder("message", "error_code");
        assertThat(response.json().get("message").isString()).as(response.body()).isTrue();
        assertThat(response.json().get("message").asString()).isNotBlank();
        assertThat(response.json().get("error_code").asInt()).isEqualTo(status);
    }
}
