package dev.verity.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.verity.testing.BothDatabases;

/**
 * SECURITY.md rule 14: links are built from the configured public base URL ({@code verity.url}), never from
 * the request. A send whose {@code Host} (and forwarding headers) name an attacker's site still mails a
 * link to Verity, so a poisoned request cannot make Verity mail a victim a link to the attacker.
 */
@BothDatabases
class EmailLinkBaseUrlTests extends MagicLinkSupport {

    static final String PUBLIC_URL = "http://verity.test:8080";

    @DynamicPropertySource
    static void publicUrl(DynamicPropertyRegistry registry) {
        registry.add("verity.url", () -> PUBLIC_URL);
    }

    @Test
    void mailedLinkStartsWithConfiguredPublicUrlAndItsPathOpensThePage() {
        String email = uniqueEmail("base");
        String token = userToken(createUser(email));

        String link = sendAndReceiveLink(token, email, VERIFIED, false);

        assertThat(link).startsWith(PUBLIC_URL + "/verify/email/");
        Response page = open(link);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(email);
    }

    @Test
    void sendWithForgedHostHeaderStillMailsLinkOnConfiguredPublicUrl() throws IOException {
        String email = uniqueEmail("host");
        String token = userToken(createUser(email));
        String body = "{\"email\":\"" + email + "\",\"redirect_uri\":\"" + VERIFIED + "\"}";

        String response = rawHttp("POST /v1/verification/links/email HTTP/1.1\r\n"
                + "Host: evil.example\r\n"
                + "X-Forwarded-Host: evil.example\r\n"
                + "X-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Port: 443\r\n"
                + "Forwarded: host=evil.example;proto=https\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "Connection: close\r\n\r\n" + body);

        assertThat(response).startsWith("HTTP/1.1 200");
        String link = awaitLink(email, 1);
        assertThat(link).startsWith(PUBLIC_URL + "/verify/email/");
        assertThat(textPart(mailTo(email).get(0))).doesNotContain("evil.example");
        assertThat(htmlPart(mailTo(email).get(0))).doesNotContain("evil.example");
        Response confirmed = openAndConfirm(link);
        assertThat(confirmed.header("Location")).isEqualTo(VERIFIED + "?result=true");
    }

    /** Java's HttpClient will not send a Host header of our choosing, so this speaks HTTP/1.1 over a socket. */
    private String rawHttp(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            return received.toString(StandardCharsets.UTF_8);
        }
    }
}
