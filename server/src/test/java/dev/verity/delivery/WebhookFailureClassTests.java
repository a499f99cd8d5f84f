package dev.verity.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;

/**
 * What the delivery log may say about a receiver, with private networks allowed (as in development), so the
 * receivers can run on loopback: the HTTP status code, or a fixed failure class. Never the receiver's bytes: a
 * log that quotes a banner ({@code 220 … ESMTP}) tells a tenant admin what listens on any port. Redirects are
 * recorded as their status and never followed.
 */
@BothDatabases
class WebhookFailureClassTests extends VerityHarness {

    static final String SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final WireMockServer RECEIVER = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    static {
        RECEIVER.start();
    }

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void receiver() {
        RECEIVER.resetAll();
    }

    @Test
    void deliveryWhenTargetSpeaksAnotherProtocolThenInvalidResponseAndBannerNeverStored() throws Exception {
        try (ServerSocket smtp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread banner = new Thread(() -> serveBanner(smtp), "fake-smtp");
            banner.setDaemon(true);
            banner.start();
            String url = "http://127.0.0.1:" + smtp.getLocalPort() + "/hook";

            List<Map<String, Object>> attempts = deliverAndAwaitAttempts("banner-flow", url, 2);

            assertThat(attempts).allSatisfy(row -> assertThat(row).containsEntry("error", "invalid_response")
                    .containsEntry("status_code", null));
            assertStoredNowhere(url, "220", "ESMTP", "test");
        }
    }

    @Test
    void deliveryWhenReceiverRedirectsThenStatusRecordedAndRedirectNotFollowed() {
        RECEIVER.stubFor(post(urlEqualTo("/moved")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", RECEIVER.baseUrl() + "/elsewhere")));
        RECEIVER.stubFor(post(urlEqualTo("/elsewhere")).willReturn(aResponse().withStatus(204)));
        String url = RECEIVER.baseUrl() + "/moved";

        List<Map<String, Object>> attempts = deliverAndAwaitAttempts("redirect-flow", url, 2);

        assertThat(attempts).allSatisfy(row -> assertThat(row).containsEntry("status_code", 302)
                .containsEntry("error", null));
        assertThat(RECEIVER.findAll(postRequestedFor(urlEqualTo("/elsewhere")))).isEmpty();
        // a 3xx is a failed attempt: retried on the Standard Webhooks schedule, never marked sent
        assertThat(jdbc.sql("SELECT status, last_error FROM outbox_messages WHERE recipient = ?").param(url)
                .query().singleRow()).doesNotContainEntry("status", "sent")
                .containsEntry("last_error", "receiver answered 302");
    }

    @Test
    void deliveryWhenNothingListensThenConnectFailed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/hook";

        assertThat(deliverAndAwaitAttempts("closed-flow", url, 2))
                .allSatisfy(row -> assertThat(row).containsEntry("error", "connect_failed"));
        assertStoredNowhere(url, "Connection refused", "Exception");
    }

    @Test
    void deliveryWhenHttpsToPlainHttpServerThenTlsFailed() {
        RECEIVER.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(204)));
        String url = "https://127.0.0.1:" + RECEIVER.port() + "/hook";

        assertThat(deliverAndAwaitAttempts("tls-flow", url, 2))
                .allSatisfy(row -> assertThat(row).containsEntry("error", "tls_failed"));
        assertStoredNowhere(url, "SSL", "Exception", "HTTP/1.1");
        assertThat(RECEIVER.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    /** Saves a flow with the URL, registers on it, and waits for that many attempts of its first event. */
    private List<Map<String, Object>> deliverAndAwaitAttempts(String flow, String url, int count) {
        String admin = clientToken();
        Response put = send(HttpRequest.newBuilder(uri("/admin/api/applications/demo/flows/" + flow))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"type":"onboarding","public":true,"email_gateway":"email","phone_gateway":"none",
                         "webhook_url":"%s","webhook_secret":"%s"}""".formatted(url, SECRET))).build());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        Response registered = postJson("/v2/app-registrations", null, "{\"project\":\"demo\",\"projectFlow\":\""
                + flow + "\",\"email\":\"" + flow + "-" + System.nanoTime() + "@example.com\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM webhook_attempts WHERE endpoint = ?").param(url).query(Long.class).single() >= count);
        return jdbc.sql("SELECT status_code, error FROM webhook_attempts WHERE endpoint = ?").param(url)
                .query().listOfRows();
    }

    /** Neither the delivery log (table and admin API) nor the message's last error carries these words. */
    private void assertStoredNowhere(String url, String... words) {
        String admin = clientToken();
        String log = get("/admin/api/webhook-deliveries?endpoint=" + URLEncoder.encode(url, StandardCharsets.UTF_8),
                admin).body();
        String messageId = jdbc.sql("SELECT id FROM outbox_messages WHERE recipient = ?").param(url)
                .query(String.class).single();
        String message = get("/admin/api/messages/" + messageId, admin).body();
        String stored = jdbc.sql("SELECT error FROM webhook_attempts WHERE endpoint = ?").param(url)
                .query(String.class).list() + " " + jdbc.sql("SELECT last_error FROM outbox_messages WHERE id = ?")
                .param(messageId).query(String.class).single();
        // timestamps ("…:49.220717Z") and ids are digits too, by chance the very digits looked for: not what this checks
        String timesAndIds = "\"\\w*[aA]t\":\"[^\"]*\"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        log = log.replaceAll(timesAndIds, "");
        message = message.replaceAll(timesAndIds, "");
        for (String word : words) {
            assertThat(log.replace(url, "")).doesNotContain(word);
            assertThat(message.replace(url, "")).doesNotContain(word);
            assertThat(stored).doesNotContain(word);
        }
    }

    /** A non-HTTP service on loopback: greets like SMTP, then waits for the client to hang up. */
    private static void serveBanner(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                client.setSoTimeout(5000);
                OutputStream out = client.getOutputStream();
                out.write("220 test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = client.getInputStream();
                byte[] buffer = new byte[1024];
                while (in.read(buffer) >= 0) {
                    out.write("500 unrecognised command\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException closedOrTimedOut) {
                // the next client, or the end of the test
            }
        }
    }
}
