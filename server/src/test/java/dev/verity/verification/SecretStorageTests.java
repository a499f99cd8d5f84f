package dev.verity.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.verity.shared.ServerKey;
import dev.verity.testing.BothDatabases;
import dev.verity.testing.PrivateSmtp;
import dev.verity.testing.VerityHarness;

/**
 * Where a code lives (SECURITY.md rules 2–4): the challenge row holds only an HMAC bound to the challenge
 * id, the queued message holds the code sealed and drops it once sent, client secrets are stored hashed, and
 * no API response carries the code. The class has its own SMTP server so that it can hold a message in the
 * queue by taking the server down.
 */
@BothDatabases
class SecretStorageTests extends VerityHarness {

    static final String SEND = "/v1/verification/otp/email/send";
    static final String VALIDATE = "/v1/verification/otp/email/validate";
    static final PrivateSmtp SMTP = new PrivateSmtp();

    @DynamicPropertySource
    static void ownSmtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", SMTP::port);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ServerKey serverKey;

    @BeforeEach
    void smtpUp() {
        SMTP.start();
    }

    @Test
    void sendThenTheStoredSecretIsAnHmacBoundToTheChallengeIdNotTheCode() throws Exception {
        String first = uniqueEmail("hash-1");
        String second = uniqueEmail("hash-2");
        String userId = createUser(first);
        String token = userToken(userId);
        String firstCode = sendAndAwaitCode(token, first);
        String secondCode = sendAndAwaitCode(token, second);
        Map<String, Object> firstRow = challenge(userId, first);
        Map<String, Object> secondRow = challenge(userId, second);
        String firstHash = (String) firstRow.get("secret_hash");
        String secondHash = (String) secondRow.get("secret_hash");

        assertThat(firstHash).isNotEqualTo(firstCode).doesNotContain(firstCode).matches("[0-9a-f]{64}");
        assertThat(secondHash).isNotEqualTo(secondCode).doesNotContain(secondCode).matches("[0-9a-f]{64}");
        // not an unkeyed digest of the code, which a table dump would reverse in a million tries
        assertThat(firstHash).isNotEqualTo(sha256Hex(firstCode));
        // keyed and bound to the challenge: HMAC(server key, challenge id ‖ code)
        assertThat(firstHash).isEqualTo(serverKey.hash("challenge", (String) firstRow.get("id"), firstCode));
        assertThat(secondHash).isEqualTo(serverKey.hash("challenge", (String) secondRow.get("id"), secondCode));
        // the same code stored for the other challenge would have another hash
        assertThat(serverKey.hash("challenge", (String) secondRow.get("id"), firstCode)).isNotEqualTo(firstHash);
    }

    @Test
    void sendWhileSmtpIsDownThenTheQueuedPayloadIsSealedAndItIsErasedOnceSent() throws Exception {
        String email = uniqueEmail("sealed");
        String token = userToken(createUser(email));
        SMTP.stop();
        Map<String, Object> queued;
        try {
            Response sent = postJson(SEND, token, "{\"email\":\"" + email + "\"}");
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> {
                        Map<String, Object> row = outboxRow(email);
                        return row != null && "pending".equals(row.get("status"))
                                && ((Number) row.get("attempts")).intValue() >= 1;
                    });
            queued = outboxRow(email);
        } finally {
            SMTP.start();
        }
        String payload = (String) queued.get("payload");

        String code = codeIn(SMTP.awaitMail(email, 1));
        assertThat(payload).isNotNull()
                .doesNotContain(code)
                .doesNotContain(email)
                .doesNotContain("otp-email")
                .matches("[A-Za-z0-9+/]+=*");
        // it is the message's own payload, sealed under the server key
        assertThat(serverKey.open(payload)).contains("\"" + code + "\"").contains(email);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(outboxRow(email).get("status")));
        assertThat(outboxRow(email).get("payload")).isNull();
        assertThat(validate(token, email, code).status()).isEqualTo(200);
    }

    @Test
    void sendThenEveryDeliveredMessageHasItsPayloadErased() {
        String email = uniqueEmail("erased");
        String token = userToken(createUser(email));
        String code = sendAndAwaitCode(token, email);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(outboxRow(email).get("status")));

        assertThat(outboxRow(email).get("payload")).isNull();
        List<String> payloads = jdbc.sql("SELECT payload FROM outbox_messages WHERE payload IS NOT NULL")
                .query(String.class).list();
        assertThat(payloads).noneMatch(p -> p.contains(code));
    }

    @Test
    void clientSecretsAreStoredOnlyAsHashes() throws Exception {
        Map<String, String> stored = new java.util.HashMap<>();
        jdbc.sql("SELECT id, secret_hash FROM clients").query()
                .listOfRows()
                .forEach(row -> stored.put((String) row.get("id"), (String) row.get("secret_hash")));

        assertThat(stored).containsKeys(CLIENT_ID, OTHER_CLIENT_ID);
        assertThat(stored.get(CLIENT_ID)).isNotEqualTo(CLIENT_SECRET).doesNotContain(CLIENT_SECRET)
                .doesNotContain("0123456789");
        assertThat(stored.get(OTHER_CLIENT_ID)).isNotEqualTo(OTHER_CLIENT_SECRET).doesNotContain(OTHER_CLIENT_SECRET)
                .doesNotContain("0123456789");
        assertThat(stored.get(CLIENT_ID)).isNotEqualTo(sha256Hex(CLIENT_SECRET));
        // the stored hashes still authenticate the configured secrets
        assertThat(clientToken(CLIENT_ID, CLIENT_SECRET)).isNotBlank();
        assertThat(clientToken(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET)).isNotBlank();
    }

    @Test
    void noResponseInTheFlowCarriesTheCode() {
        String email = uniqueEmail("no-echo");
        String token = userToken(createUser(email));
        List<Response> responses = new ArrayList<>();

        responses.add(postJson(SEND, token, "{\"email\":\"" + email + "\"}"));
        String code = codeIn(SMTP.awaitMail(email, 1));
        String wrong = code.equals("000000") ? "111111" : "000000";
        responses.add(validate(token, email, wrong));
        responses.add(get("/v1/users/me", token));
        responses.add(validate(token, email, code));
        responses.add(validate(token, email, code));
        responses.add(get("/v1/users/me", token));
        responses.add(postJson(SEND, token, "{\"email\":\"" + email + "\"}"));

        assertThat(responses).extracting(Response::status).containsExactly(200, 400, 200, 200, 400, 200, 409);
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.body()).doesNotContain(code);
            r.raw().headers().map().values().forEach(values -> assertThat(values).noneMatch(v -> v.contains(code)));
        });
    }

    // --- helpers -------------------------------------------------------------------------------------------

    Response validate(String token, String email, String passcode) {
        return postJson(VALIDATE, token, "{\"email\":\"" + email + "\",\"passcode\":\"" + passcode + "\"}");
    }

    String sendAndAwaitCode(String token, String email) {
        int before = SMTP.mailTo(email).size();
        Response sent = postJson(SEND, token, "{\"email\":\"" + email + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        return codeIn(SMTP.awaitMail(email, before + 1));
    }

    Map<String, Object> challenge(String userId, String email) {
        List<Map<String, Object>> rows = jdbc.sql("SELECT id, secret_hash FROM challenges WHERE subject_id = ? AND destination = ?")
                .params(userId, email).query().listOfRows();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    Map<String, Object> outboxRow(String recipient) {
        List<Map<String, Object>> rows = jdbc.sql("SELECT id, status, attempts, payload, last_error FROM outbox_messages "
                        + "WHERE recipient = ?")
                .param(recipient).query().listOfRows();
        assertThat(rows).hasSizeLessThanOrEqualTo(1);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static String sha256Hex(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
