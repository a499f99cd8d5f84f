package dev.verity.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;
import tools.jackson.databind.JsonNode;

/**
 * SSRF through a flow's {@code webhook_url}, with the production default {@code
 * verity.outbound.allow-private-networks=false}: the admin API refuses URLs that reach loopback, private or
 * metadata addresses, other schemes and numeric host tricks (API.md, "Outbound URLs that tenants set"); and a URL
 * that got into the database anyway, or whose host now resolves privately (DNS rebinding), is refused when
 * connecting, with only the failure class in the delivery log. The receiver on loopback must see nothing.
 */
@BothDatabases
class OutboundPolicyTests extends VerityHarness {

    static final String SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final WireMockServer RECEIVER = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    static {
        RECEIVER.start();
    }

    /** The production default, and a set-up file whose flow webhook needs no private network. */
    @DynamicPropertySource
    static void privateNetworksRefused(DynamicPropertyRegistry registry) {
        registry.add("verity.outbound.allow-private-networks", () -> "false");
        registry.add("test.webhook-url", () -> "https://hooks.invalid/unused");
        // the test changes flow rows behind the API's back, which a node's tenancy cache would hide for its lifetime
        registry.add("verity.tenancy.cache-ttl", () -> "0s");
    }

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void receiver() {
        RECEIVER.resetAll();
        RECEIVER.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void putFlowWhenWebhookUrlReachesPrivateNetworkOrOtherSchemeThen400ProblemAndNothingSaved() {
        String admin = clientToken();
        List<String> refused = List.of("http://127.0.0.1:22/", "http://169.254.169.254/latest/meta-data",
                "file:///etc/passwd", "gopher://127.0.0.1:25/_HELO%20x", "http://[::1]/", "http://2130706433/",
                "http://0x7f.1/", "http://[::ffff:127.0.0.1]/", "http://localhost:" + RECEIVER.port() + "/hook",
                "http://10.0.0.8/", "http://user:pass@hooks.invalid/");
        int n = 0;
        for (String url : refused) {
            String flow = "refused-" + n++;
            Response response = putFlow(admin, flow, url);
            assertThat(response.status()).as(url + " " + response.body()).isEqualTo(400);
            assertThat(response.json().get("type").asString()).isEqualTo("https://verity.dev/problems/invalid-input");
            assertThat(response.json().get("status").asInt()).isEqualTo(400);
            assertThat(response.json().get("detail").asString()).startsWith("webhook_url ");
            // the answer quotes neither the URL nor what its host resolved to
            assertThat(response.body()).doesNotContain(url).doesNotContain("127.0.0.1").doesNotContain("pass");
            assertThat(get("/admin/api/applications/demo/flows/" + flow, admin).status()).isEqualTo(404);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM project_flows WHERE id LIKE 'refused-%'").query(Long.class).single())
                .isZero();
    }

    @Test
    void putFlowWhenWebhookUrlIsPublicNameThenSaved() {
        String admin = clientToken();
        // a name that does not resolve (yet) is accepted: the connect-time check decides
        Response response = putFlow(admin, "public-flow", "https://hooks.invalid/verity");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("webhook_url").asString()).isEqualTo("https://hooks.invalid/verity");
    }

    @Test
    void deliveryWhenStoredUrlNowReachesLoopbackThenRefusedAtConnectAndLogShowsOnlyTheClass() {
        String admin = clientToken();
        // saved while public; then the host "rebinds" (localhost resolves to 127.0.0.1), or the row is changed
        // behind the API's back: the sender must check again when connecting
        Map<String, String> flows = Map.of(
                "rebind-name", "http://localhost:" + RECEIVER.port() + "/rebound",
                "rebind-literal", "http://127.0.0.1:" + RECEIVER.port() + "/literal",
                "rebind-scheme", "file:///etc/passwd");
        flows.forEach((flow, url) -> {
            assertThat(putFlow(admin, flow, "https://hooks.invalid/" + flow).status()).isEqualTo(200);
            assertThat(jdbc.sql("UPDATE project_flows SET webhook_url = ? WHERE application_id = 'demo' AND id = ?")
                    .params(url, flow).update()).isEqualTo(1);
            register(flow, flow + "-" + shortId() + "@example.com");
        });

        for (String url : flows.values()) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "SELECT COUNT(*) FROM outbox_messages WHERE kind = 'webhook' AND recipient = ? AND status = 'failed'")
                    .param(url).query(Long.class).single() == 1);
            // refused by policy: final at once, not retried against the same policy
            assertThat(jdbc.sql("SELECT attempts, last_error FROM outbox_messages WHERE recipient = ?").param(url)
                    .query().singleRow()).containsEntry("attempts", 1).containsEntry("last_error", "refused_by_policy");
            Response log = get("/admin/api/webhook-deliveries?endpoint=" + java.net.URLEncoder.encode(url,
                    java.nio.charset.StandardCharsets.UTF_8), admin);
            assertThat(log.status()).isEqualTo(200);
            assertThat(log.json().size()).isEqualTo(1);
            JsonNode attempt = log.json().get(0);
            assertThat(attempt.get("statusCode").isNull()).isTrue();
            assertThat(attempt.get("error").asString()).isEqualTo("refused_by_policy");
        }
        assertThat(RECEIVER.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    private Response putFlow(String admin, String flow, String url) {
        return send(HttpRequest.newBuilder(uri("/admin/api/applications/demo/flows/" + flow))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"type":"onboarding","public":true,"email_gateway":"email","phone_gateway":"none",
                         "webhook_url":"%s","webhook_secret":"%s"}""".formatted(url, SECRET))).build());
    }

    private void register(String flow, String email) {
        Response response = postJson("/v2/app-registrations", null,
                "{\"project\":\"demo\",\"projectFlow\":\"" + flow + "\",\"email\":\"" + email + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private static String shortId() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
