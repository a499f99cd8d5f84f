package dev.verity.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;

import tools.jackson.databind.JsonNode;

import dev.verity.testing.VerityHarness;

/**
 * Helpers for the magic-link tests: send a link, read it out of the mail the SMTP server received, open its
 * page, scrape the page's nonce and confirm with a form POST, as a browser would. Redirects are never
 * followed (Java's HttpClient default), so a confirmation's 303 and its {@code Location} can be checked.
 */
abstract class MagicLinkSupport extends VerityHarness {

    static final String VERIFIED = "https://app.example.com/verified";
    static final String WITH_QUERY = "https://app.example.com/cb?tenant=acme";
    static final String LOOPBACK = "http://localhost/done";
    /** The demo application's redirect URIs every test starts from (the Spring context, and so the list, is shared). */
    static final List<String> REDIRECT_URIS = List.of(VERIFIED, WITH_QUERY, LOOPBACK);

    static final String NOT_ALLOWED =
            "{\"message\":[\"redirect_uri must be one of the application's allowed redirect URIs\"],\"error_code\":400}";
    static final String INVALID_PAGE_TITLE = "This link can no longer be used";

    private static final Pattern TEXT_LINK = Pattern.compile("(?m)^\\s*(https?://\\S+/verify/email/\\S+)\\s*$");
    private static final Pattern VERIFY_ANCHOR = Pattern.compile("<a\\b[^>]*\\bid=\"verify-link\"[^>]*>");
    private static final Pattern HREF = Pattern.compile("\\bhref=\"([^\"]*)\"");
    private static final Pattern NONCE_INPUT = Pattern.compile("<input\\b[^>]*\\bname=\"nonce\"[^>]*>");
    private static final Pattern VALUE = Pattern.compile("\\bvalue=\"([^\"]*)\"");

    /**
     * Runs the server on a port chosen here and sets {@code verity.url} to it, so the link in a mail is the
     * very URL a person (or the browser test) opens.
     */
    static void servedAtMailedUrl(DynamicPropertyRegistry registry) {
        int port = freePort();
        registry.add("server.port", () -> port);
        registry.add("verity.url", () -> "http://localhost:" + port);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void allowTestRedirectUris() {
        setRedirectUris(REDIRECT_URIS);
    }

    void setRedirectUris(List<String> uris) {
        String list = uris.stream().map(u -> "\"" + u + "\"").reduce((a, b) -> a + "," + b).orElse("");
        Response response = patchJson("/admin/api/applications/demo", clientToken(), "{\"redirect_uris\":[" + list + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    Response patchJson(String path, String token, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    Response sendLink(String token, String email, String redirectUri, boolean updatePrimary) {
        return postJson("/v1/verification/links/email", token, "{\"email\":\"" + email + "\",\"redirect_uri\":"
                + JSON.writeValueAsString(redirectUri) + ",\"update_primary\":" + updatePrimary + "}");
    }

    /** Sends a link and returns the URL from the mail that arrives for it. */
    String sendAndReceiveLink(String token, String email, String redirectUri, boolean updatePrimary) {
        int before = mailTo(email).size();
        Response sent = sendLink(token, email, redirectUri, updatePrimary);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.body()).isEqualTo("{\"message\":\"Verification email sent\"}");
        return awaitLink(email, before + 1);
    }

    /** Waits for the n-th mail to the address and returns its link, checking the HTML button and the text agree. */
    static String awaitLink(String email, int nth) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(email).size() >= nth);
        return linkIn(mailTo(email).get(nth - 1));
    }

    static String linkIn(MimeMessage mail) {
        Matcher text = TEXT_LINK.matcher(textPart(mail));
        assertThat(text.find()).as("link on its own line in the text part:\n%s", textPart(mail)).isTrue();
        String html = htmlPart(mail);
        Matcher anchor = VERIFY_ANCHOR.matcher(html);
        assertThat(anchor.find()).as("verify-link button in the HTML part").isTrue();
        Matcher href = HREF.matcher(anchor.group());
        assertThat(href.find()).isTrue();
        assertThat(href.group(1)).as("HTML button and text link").isEqualTo(text.group(1));
        return text.group(1);
    }

    /** The path and query of a mailed link, to request it from this server whatever host the link names. */
    static String pathOf(String link) {
        return URI.create(link).getRawPath();
    }

    Response open(String link) {
        return send(HttpRequest.newBuilder(uri(pathOf(link))).header("User-Agent", "LinkTest/1.0").GET().build());
    }

    Response head(String link) {
        return send(HttpRequest.newBuilder(uri(pathOf(link))).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** Posts the confirmation form; a null nonce posts the form without it. */
    Response confirm(String link, String nonce) {
        String body = nonce == null ? "" : "nonce=" + URLEncoder.encode(nonce, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri(pathOf(link)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** The nonce of the confirmation form on a landing page. */
    static String nonceIn(Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Matcher input = NONCE_INPUT.matcher(page.body());
        assertThat(input.find()).as("nonce field on the page:\n%s", page.body()).isTrue();
        Matcher value = VALUE.matcher(input.group());
        assertThat(value.find()).isTrue();
        return value.group(1);
    }

    /** Opens the link's page and confirms with its nonce, as a person clicking Confirm does. */
    Response openAndConfirm(String link) {
        return confirm(link, nonceIn(open(link)));
    }

    /** Sends a link, opens it and confirms; asserts the confirmation verified the address. */
    void verifyByLink(String token, String email, boolean updatePrimary) {
        String link = sendAndReceiveLink(token, email, VERIFIED, updatePrimary);
        Response confirmed = openAndConfirm(link);
        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("Location")).isEqualTo(VERIFIED + "?result=true");
    }

    JsonNode me(String token) {
        Response me = get("/v1/users/me", token);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        return me.json().get("result");
    }

    static boolean hasConfirmForm(Response page) {
        return NONCE_INPUT.matcher(page.body()).find() || page.body().contains("id=\"confirm\"");
    }
}
