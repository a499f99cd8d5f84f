package dev.verity.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.verity.testing.Databases;
import dev.verity.testing.VerityHarness;
import dev.verity.testing.BothDatabases;

/**
 * The commit budget of ARCHITECTURE.md ("one commit per request"), counted the way PostgreSQL counts it:
 * {@code pg_stat_database.xact_commit} of the test's own database, read-only autocommit statements included,
 * over 500 v1 email sends and 500 validates. The dispatcher is held while the sends are counted, so the
 * request path and the delivery are counted apart. What runs by the clock rather than per request is set to
 * run never here, and counted apart in docs/benchmarks.md: the dispatcher's idle poll, the protection sweep,
 * the tenancy cache's reload (one autocommitted read per application per {@code verity.tenancy.cache-ttl}),
 * the pool's keep-alive of idle connections (an empty statement every two minutes, which PostgreSQL counts as
 * a commit), and its check of a connection idle for over half a second (the same): the test idles eleven
 * seconds before each reading, which a node under load never does.
 * PostgreSQL only (its class is skipped in the H2 run): H2 keeps no such count. The figures are printed for
 * docs/benchmarks.md.
 */
@BothDatabases
class CommitsPerRequestTest extends VerityHarness {

    private static final int REQUESTS = 500;
    private static final int WARM_UP = 5;
    /** HikariCP's window in which a connection used last is handed out again without a check (default 500 ms). */
    private static final String POOL_CHECK_WINDOW = "com.zaxxer.hikari.aliveBypassWindowMs";

    @BeforeAll
    static void onPostgresOnly() {
        Assumptions.assumeTrue(Databases.selected() == Databases.Kind.POSTGRES, "H2 keeps no commit count");
        // read by each pool when it is built: this test's context builds its own, and the property is
        // cleared once it has (see the test), so no other test's pool is built with it
        System.setProperty(POOL_CHECK_WINDOW, "3600000");
    }

    @AfterAll
    static void poolChecksAsUsual() {
        System.clearProperty(POOL_CHECK_WINDOW);
    }

    @DynamicPropertySource
    static void clockDrivenWorkNever(DynamicPropertyRegistry registry) {
        registry.add("verity.delivery.poll-interval", () -> "1h");
        registry.add("verity.protection.sweep-interval", () -> "1h");
        registry.add("verity.tenancy.cache-ttl", () -> "1h");
        registry.add("spring.datasource.hikari.keepalive-time", () -> "0");
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    private long ownCommits;

    @Test
    void sendAndValidateWhenCountedOnPostgresThenOneCommitEachAndDeliveryWithinTwoPerMessage() {
        System.clearProperty(POOL_CHECK_WINDOW);
        // autovacuum's workers commit in this database too (an analyze of a table or of the catalogue after many
        // writes): the server's housekeeping, not Verity's, so it is off while this test counts
        jdbc.sql("ALTER SYSTEM SET autovacuum = off").update();
        jdbc.sql("SELECT pg_reload_conf()").query(Boolean.class).single();
        try {
            countSendsAndValidates();
        } finally {
            jdbc.sql("ALTER SYSTEM RESET autovacuum").update();
            jdbc.sql("SELECT pg_reload_conf()").query(Boolean.class).single();
        }
    }

    private void countSendsAndValidates() {
        List<String> tokens = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String email = uniqueEmail("commits");
            emails.add(email);
            tokens.add(userToken(createUser(email)));
        }
        // warm-up: the node's caches and pools, as on a node that has been serving for a while
        for (int i = 0; i < WARM_UP; i++) {
            assertThat(postJson("/v1/verification/otp/email/send", tokens.get(i), body(emails.get(i))).status())
                    .isEqualTo(200);
        }
        awaitDelivered(WARM_UP);
        SmartLifecycle dispatcher = dispatcher();

        dispatcher.stop();
        long beforeSends = settledCommits();
        for (int i = 0; i < REQUESTS; i++) {
            assertThat(postJson("/v1/verification/otp/email/send", tokens.get(i), body(emails.get(i))).status())
                    .isEqualTo(200);
        }
        long afterSends = settledCommits();
        dispatcher.start();
        awaitDelivered(WARM_UP + REQUESTS);
        long afterDelivery = settledCommits();

        List<String> codes = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            codes.add(awaitCode(emails.get(i), i < WARM_UP ? 2 : 1));
        }
        long beforeValidates = settledCommits();
        for (int i = 0; i < REQUESTS; i++) {
            assertThat(postJson("/v1/verification/otp/email/validate", tokens.get(i),
                    "{\"email\":\"" + emails.get(i) + "\",\"passcode\":\"" + codes.get(i) + "\"}").status()).isEqualTo(200);
        }
        long afterValidates = settledCommits();

        long sends = afterSends - beforeSends;
        long deliveries = afterDelivery - afterSends;
        long validates = afterValidates - beforeValidates;
        System.out.printf("commits on PostgreSQL for %d requests of each: sends %d (%.3f each), deliveries %d (%.3f), "
                + "send with delivery %.3f, validates %d (%.3f)%n", REQUESTS, sends, sends / (double) REQUESTS,
                deliveries, deliveries / (double) REQUESTS, (sends + deliveries) / (double) REQUESTS, validates,
                validates / (double) REQUESTS);
        assertThat(sends).as("commits of the sends").isLessThanOrEqualTo(REQUESTS);
        assertThat(sends + deliveries).as("commits of the sends with their delivery").isLessThanOrEqualTo(3L * REQUESTS);
        assertThat(validates).as("commits of the validates").isLessThanOrEqualTo(REQUESTS);
    }

    private static String body(String email) {
        return "{\"email\":\"" + email + "\"}";
    }

    private SmartLifecycle dispatcher() {
        Map<String, SmartLifecycle> lifecycles = context.getBeansOfType(SmartLifecycle.class);
        return lifecycles.values().stream().filter(l -> l.getClass().getSimpleName().contains("Dispatcher"))
                .findFirst().orElseThrow();
    }

    private void awaitDelivered(int messages) {
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> dev.verity.testing.TestSmtp.server().getReceivedMessages().length >= messages);
    }

    /**
     * The database's commit count once every backend has reported it: PostgreSQL sends a backend's counts to
     * the shared statistics at most once a second while busy and within ten seconds once idle, so this waits
     * eleven seconds first. Each reading costs this test one commit (the reading itself: the pool's check of an
     * idle connection is off here); it is left out.
     */
    private long settledCommits() {
        Awaitility.await().pollDelay(Duration.ofSeconds(11)).atMost(Duration.ofSeconds(12)).until(() -> true);
        long reading = jdbc.sql("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                .query(Long.class).single();
        long work = reading - ownCommits;
        ownCommits += 1;
        return work;
    }
}
