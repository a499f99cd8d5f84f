package dev.verity.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.PrivateSmtp;
import dev.verity.testing.TestSmtp;
import dev.verity.testing.VerityHarness;

/**
 * SMTP down (SECURITY.md rules 21 and 22): sends are still accepted, because a request only writes the
 * outbox; the dispatcher retries with backoff and records why; once a mail server listens again every
 * address gets its message exactly once, with the outbox id as Message-ID, and the codes work. The class
 * has its own SMTP server on a fixed port so that it can take it down and bring a new one up.
 */
@BothDatabases
class SmtpOutageTests extends VerityHarness {

    static final int ADDRESSES = 5;
    static final PrivateSmtp SMTP = new PrivateSmtp();

    @DynamicPropertySource
    static void ownSmtp(DynamicPropertyRegistry registry) {
        // wins over the harness's spring.mail.port, which points at the shared server
        registry.add("spring.mail.port", SMTP::port);
        TestSmtp.server(); // started, so that the last assertion looks at a live shared inbox
    }

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void smtpUp() {
        SMTP.start();
    }

    @Test
    void sendWhileSmtpIsDownThenMessagesAreRetriedAndEachArrivesOnceWhenItIsBack() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < ADDRESSES; i++) {
            String email = uniqueEmail("outage-" + i);
            tokens.put(email, userToken(createUser(email)));
        }
        SMTP.stop();

        for (Map.Entry<String, String> user : tokens.entrySet()) {
            Response sent = postJson("/v1/verification/otp/email/send", user.getValue(),
                    "{\"email\":\"" + user.getKey() + "\"}");
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            assertThat(sent.body()).isEqualTo("{\"message\":\"Email sent successfully\"}");
        }

        // a few retry rounds: every message is back in the queue with the reason it failed
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rows(tokens.keySet()))
                .hasSize(ADDRESSES)
                .allSatisfy(row -> {
                    assertThat(row.get("status")).isEqualTo("pending");
                    assertThat(((Number) row.get("attempts")).intValue()).isGreaterThanOrEqualTo(2);
                    assertThat((String) row.get("last_error")).isNotBlank();
                    assertThat(row.get("payload")).isNotNull();
                }));
        assertThat(tokens.keySet()).allSatisfy(email -> assertThat(mailTo(email)).isEmpty());

        SMTP.start();

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows(tokens.keySet()))
                .allSatisfy(row -> assertThat(row.get("status")).isEqualTo("sent")));
        List<Map<String, Object>> sent = rows(tokens.keySet());
        assertThat(sent).allSatisfy(row -> {
            assertThat(row.get("payload")).isNull();
            assertThat(row.get("last_error")).isNull();
        });
        for (Map<String, Object> row : sent) {
            String email = (String) row.get("recipient");
            List<MimeMessage> received = SMTP.mailTo(email);
            assertThat(received).as(email).hasSize(1);
            assertThat(received.get(0).getHeader("Message-ID")).containsExactly("<" + row.get("id") + "@verity>");
            String code = codeIn(received.get(0));
            Response validated = postJson("/v1/verification/otp/email/validate", tokens.get(email),
                    "{\"email\":\"" + email + "\",\"passcode\":\"" + code + "\"}");
            assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        }
        // the shared server every other test uses saw none of them: this context really talks to its own
        assertThat(tokens.keySet()).allSatisfy(email -> assertThat(mailTo(email)).isEmpty());
    }

    List<Map<String, Object>> rows(java.util.Collection<String> recipients) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String recipient : recipients) {
            rows.addAll(jdbc.sql("SELECT id, recipient, status, attempts, payload, last_error FROM outbox_messages "
                            + "WHERE recipient = ?")
                    .param(recipient).query().listOfRows());
        }
        return rows;
    }
}
