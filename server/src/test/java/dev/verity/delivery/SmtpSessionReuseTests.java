package dev.verity.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.verity.testing.CountingProxy;
import dev.verity.testing.PrivateSmtp;
import dev.verity.testing.VerityHarness;

/**
 * Mail reuses SMTP sessions: many messages go over few connections (ARCHITECTURE.md, "delivery keeps pace"),
 * and a session the relay has dropped while it sat idle costs the next message nothing: it goes out on its
 * first attempt over a new session. A counting relay stands between Verity and its own GreenMail server.
 */
class SmtpSessionReuseTests extends VerityHarness {

    static final int MESSAGES = 30;
    static final PrivateSmtp SMTP = new PrivateSmtp();
    static CountingProxy relay;

    @DynamicPropertySource
    static void throughTheRelay(DynamicPropertyRegistry registry) {
        SMTP.start();
        relay = new CountingProxy(SMTP.port());
        registry.add("spring.mail.port", relay::port);
    }

    @BeforeAll
    static void smtpUp() {
        SMTP.start();
    }

    @AfterAll
    static void relayDown() throws Exception {
        relay.close();
        SMTP.stop();
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeliveryProperties delivery;

    @Test
    void manyMessagesWhenSentThenFewSmtpConnectionsCarryThemAll() throws Exception {
        int before = relay.connections();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String email = uniqueEmail("reuse-" + i);
            emails.add(email);
            assertThat(postJson("/v1/verification/otp/email/send", userToken(createUser(email)),
                    "{\"email\":\"" + email + "\"}").status()).isEqualTo(200);
        }
        for (String email : emails) {
            assertThat(SMTP.awaitMail(email, 1).getSubject()).isNotBlank();
        }
        // one session per dispatcher worker at the most, opened once each; one per message before
        assertThat(delivery.workers()).isLessThan(MESSAGES);
        assertThat(relay.connections() - before).isLessThanOrEqualTo(delivery.workers());
        assertThat(emails).allSatisfy(email -> assertThat(SMTP.mailTo(email)).hasSize(1));
    }

    @Test
    void sessionDroppedByTheRelayWhenIdleThenTheNextMessageGoesOutOnItsFirstAttempt() {
        String first = uniqueEmail("dropped-before");
        assertThat(postJson("/v1/verification/otp/email/send", userToken(createUser(first)),
                "{\"email\":\"" + first + "\"}").status()).isEqualTo(200);
        SMTP.awaitMail(first, 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts(first) == 1 && "sent".equals(status(first)));

        relay.cutAll();

        String next = uniqueEmail("dropped-after");
        assertThat(postJson("/v1/verification/otp/email/send", userToken(createUser(next)),
                "{\"email\":\"" + next + "\"}").status()).isEqualTo(200);
        SMTP.awaitMail(next, 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(status(next)));
        assertThat(attempts(next)).as("delivered without a retry round").isEqualTo(1);
        assertThat(SMTP.mailTo(next)).hasSize(1);
    }

    private int attempts(String recipient) {
        return jdbc.sql("SELECT attempts FROM outbox_messages WHERE recipient = ?").param(recipient)
                .query(Integer.class).single();
    }

    private String status(String recipient) {
        return jdbc.sql("SELECT status FROM outbox_messages WHERE recipient = ?").param(recipient)
                .query(String.class).single();
    }
}
