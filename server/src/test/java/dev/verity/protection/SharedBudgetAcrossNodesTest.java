package dev.verity.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.verity.VerityApplication;
import dev.verity.testing.TestPostgres;
import dev.verity.testing.TestSmtp;
import dev.verity.testing.VerityHarness;

/**
 * Two Verity nodes on one PostgreSQL share one set of budgets: a send accepted by one node uses the address's
 * cooldown for the other, and parallel sends spread over both nodes still admit exactly one.
 */
class SharedBudgetAcrossNodesTest {

    private static final List<ConfigurableApplicationContext> NODES = new ArrayList<>();
    private static final List<Integer> PORTS = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() {
        String url = TestPostgres.newDatabaseUrl();
        String secret = "shared-server-key-for-both-nodes-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            ConfigurableApplicationContext node = new SpringApplicationBuilder(VerityApplication.class).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + url,
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres",
                    "--spring.datasource.hikari.maximum-pool-size=6",
                    "--verity.home=" + Path.of("target", "test-home", "node-" + UUID.randomUUID()),
                    "--verity.secret=" + secret,
                    "--verity.import=src/test/resources/test-setup.yml",
                    // the test set-up file's flow webhook points at a loopback receiver
                    "--verity.outbound.allow-private-networks=true",
                    "--spring.mail.host=127.0.0.1",
                    "--spring.mail.port=" + TestSmtp.port());
            NODES.add(node);
            PORTS.add(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")));
        }
    }

    @AfterAll
    static void stopNodes() {
        NODES.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void sendWhenTwoNodesShareADatabaseThenTheyShareTheBudget() throws Exception {
        Client a = new Client(PORTS.get(0));
        Client b = new Client(PORTS.get(1));
        String userToken = a.guardedUserToken();

        String email = "nodes-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(a.sendEmail(userToken, email).status()).isEqualTo(200);
        assertThat(b.sendEmail(userToken, email).status()).as("the cooldown taken on node A binds node B").isEqualTo(429);

        String parallel = "nodes-par-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Client node = i % 2 == 0 ? a : b;
            results.add(pool.submit(() -> {
                start.await();
                return node.sendEmail(userToken, parallel).status();
            }));
        }
        start.countDown();
        int accepted = 0;
        int refused = 0;
        for (Future<Integer> f : results) {
            int status = f.get();
            accepted += status == 200 ? 1 : 0;
            refused += status == 429 ? 1 : 0;
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(1);
        assertThat(refused).isEqualTo(15);
    }

    /** The harness's HTTP helpers against one node. */
    private static final class Client extends VerityHarness {
        Client(int port) {
            this.port = port;
        }

        String guardedUserToken() {
            String created = postJson("/v1/users", clientToken("guarded-backend", "guarded-backend-secret-0123456789"),
                    "{\"email\":\"node-user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com\"}")
                    .json().at("/result/user_id").asString();
            return userToken("guarded-backend", "guarded-backend-secret-0123456789", created);
        }

        Response sendEmail(String token, String email) {
            return postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}");
        }
    }
}
