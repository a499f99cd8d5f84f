package dev.verity.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.Databases;
import dev.verity.testing.TestSmtp;
import dev.verity.testing.VerityHarness;

/**
 * The outbox and dispatcher end to end: messages queued through {@link Outbox} in a caller's transaction reach
 * their channel's real receiver (GreenMail for email, the dev inbox for WhatsApp), and a dispatcher round writes
 * its results and claims its next batch in one commit. Idle workers here never poll (a commit of new messages
 * wakes them), so that what PostgreSQL counts is the delivery's own commits and this test's reads.
 */
@BothDatabases
class OutboxDeliveryTests extends VerityHarness {

    static final String TENANT = "outbox-tests";
    static final String BATCH_TENANT = "outbox-batch";

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DevInbox inbox;

    @DynamicPropertySource
    static void quiet(DynamicPropertyRegistry registry) {
        registry.add("verity.delivery.poll-interval", () -> "1h");
    }

    /** Commits of this test's database so far, where the database counts them. */
    /** The database's commit count, where it keeps one (PostgreSQL; H2 does not). */
    OptionalLong commits() {
        return Databases.selected() == Databases.Kind.POSTGRES
                ? OptionalLong.of(jdbc.sql("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                        .query(Long.class).single())
                : OptionalLong.empty();
    }

    @Test
    void deliveryWhenManyMessagesQueuedThenEachSentOnceAndARoundCostsOneCommit() throws Exception {
        int messages = 300;
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            addresses.add(uniqueEmail("batch-" + i));
        }
        int received = TestSmtp.server().getReceivedMessages().length;
        OptionalLong before = settledCommits();
        transaction.executeWithoutResult(status -> addresses.forEach(to -> outbox.enqueue(BATCH_TENANT,
                new SecretMessage("email", to, SecretMessage.Form.CODE, "424242", 10, "en", "Batch App", null, null,
                        null))));

        // waiting on the SMTP server, not the database, keeps this test's own reads out of the count
        assertThat(TestSmtp.server().waitForIncomingEmail(60_000, received + messages)).isTrue();
        OptionalLong after = settledCommits();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE tenant_id = ? AND status = 'sent' "
                        + "AND payload IS NULL").param(BATCH_TENANT).query(Long.class).single()).isEqualTo(messages);

        for (String to : addresses) {
            assertThat(mailTo(to)).as(to).hasSize(1);
        }
        assertThat(codeIn(mailTo(addresses.get(0)).get(0))).isEqualTo("424242");
        if (before.isPresent()) {
            long delivery = after.getAsLong() - before.getAsLong() - 2; // less enqueueing and reading xact_commit
            System.out.printf("delivery of %d emails: %d commits, %.2f per message%n", messages, delivery,
                    (double) delivery / messages);
            // one commit per message would be 300 or more; rounds of 20 need 15 and a few more when the two
            // workers split the queue unevenly. The count is the database's, so the server's own housekeeping
            // (autovacuum's analyze after 300 inserts) lands in it too: the bound leaves room for that
            assertThat(delivery).isLessThan(messages / 3);
        }
    }

    @Test
    void whatsappWhenNoProviderConfiguredThenDevInboxCapturesItAsWhatsapp() {
        String number = "+1415557" + (1000 + new java.util.Random().nextInt(8999));
        String id = transaction.execute(status -> outbox.enqueue(TENANT, new SecretMessage("whatsapp", number,
                SecretMessage.Form.CODE, "318006", 10, "en", "Dev App", null, null, null)));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> inbox.latest(TENANT, 50).stream()
                .anyMatch(m -> m.messageId().equals(id)));
        DevInbox.CapturedMessage captured = inbox.latest(TENANT, 50).stream().filter(m -> m.messageId().equals(id))
                .findFirst().orElseThrow();
        assertThat(captured.kind()).isEqualTo("whatsapp");
        assertThat(captured.recipient()).isEqualTo(number);
        assertThat(captured.text()).isEqualTo("Your Dev App verification code is: 318006");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "sent".equals(jdbc.sql(
                "SELECT status FROM outbox_messages WHERE id = ?").param(id).query(String.class).single()));
        assertThat(jdbc.sql("SELECT provider FROM outbox_messages WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("dev");
    }

    /**
     * Waits until the results of the last round are written and the statistics of earlier transactions are
     * flushed (PostgreSQL does so within a second of a backend going idle).
     */
    private OptionalLong settledCommits() throws InterruptedException {
        Thread.sleep(2500);
        return commits();
    }
}
