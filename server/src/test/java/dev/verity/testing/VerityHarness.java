package dev.verity.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.icegreen.greenmail.util.GreenMailUtil;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Black-box helpers: a real HTTP client against the running server, and the real SMTP server's inbox.
 * Fixture names match the test set-up file ({@code test-setup.yml}).
 */
@VerityIntegrationTest
public abstract class VerityHarness {

    public static final String CLIENT_ID = "demo-backend";
    public static final String CLIENT_SECRET = "demo-backend-secret-0123456789";
    public static final String OTHER_CLIENT_ID = "other-backend";
    public static final String OTHER_CLIENT_SECRET = "other-backend-secret-0123456789";
    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{4,8})\\s*$");

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @BeforeEach
    void resetClock() {
        clock.reset();
    }

    /**
     * Every harness class proves, in its own report, which database its context really talks to: a run meant
     * for PostgreSQL that quietly fell back to H2 would hide every PostgreSQL-only failure.
     */
    @Test
    void contextWhenDatabaseSelectedThenConnectionsGoToThatDatabase(@Autowired DataSource dataSource)
            throws SQLException {
        Databases.Kind selected = Databases.selected();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData database = connection.getMetaData();
            assertThat(database.getDatabaseProductName()).as(Databases.PROPERTY + " selects " + selected)
                    .isEqualTo(selected.productName());
            assertThat(database.getURL()).startsWith(selected.urlPrefix());
        }
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A response with its JSON body parsed (or null when the body is empty or not JSON). */
    public record Response(int status, String body, JsonNode json, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    protected Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                // some tests look at non-JSON bodies
            }
            return new Response(response.statusCode(), response.body(), json, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected Response postJson(String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    protected Response get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    protected Response postForm(String path, String basicUser, String basicPassword, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basicUser != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((basicUser + ":" + basicPassword).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    protected String clientToken() {
        return clientToken(CLIENT_ID, CLIENT_SECRET);
    }

    protected String clientToken(String clientId, String secret) {
        Response response = postForm("/oidc/token", clientId, secret, Map.of("grant_type", "client_credentials"));
        if (response.status() != 200) {
            throw new AssertionError("client token: " + response.status() + " " + response.body());
        }
        return response.json().get("access_token").asString();
    }

    protected String userToken(String userId) {
        return userToken(CLIENT_ID, CLIENT_SECRET, userId);
    }

    protected String userToken(String clientId, String secret, String userId) {
        Response response = postForm("/oidc/token", clientId, secret, Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "requested_subject", userId));
        if (response.status() != 200) {
            throw new AssertionError("user token: " + response.status() + " " + response.body());
        }
        return response.json().get("access_token").asString();
    }

    /** Creates a user with the given primary email (unverified) and returns the user id. */
    protected String createUser(String email) {
        Response response = postJson("/v1/users", clientToken(), "{\"email\":\"" + email + "\"}");
        if (response.status() != 201) {
            throw new AssertionError("create user: " + response.status() + " " + response.body());
        }
        return response.json().get("result").get("user_id").asString();
    }

    /** A fresh address nobody else in the suite uses. */
    protected static String uniqueEmail(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Every message the SMTP server received for {@code address}. */
    protected static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(TestSmtp.server().getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                                .anyMatch(r -> r.toString().equalsIgnoreCase(address));
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    /** Waits for the n-th message to {@code address} and returns the code in its text part. */
    protected static String awaitCode(String address, int nth) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(address).size() >= nth);
        return codeIn(mailTo(address).get(nth - 1));
    }

    protected static String awaitCode(String address) {
        return awaitCode(address, mailTo(address).size() + 1);
    }

    protected static String codeIn(MimeMessage message) {
        String body = GreenMailUtil.getBody(message);
        String text = textPart(message);
        Matcher m = CODE.matcher(text != null ? text : body);
        if (!m.find()) {
            throw new AssertionError("no code in message: " + body);
        }
        return m.group(1);
    }

    /** The text/plain part of a multipart message, decoded. */
    protected static String textPart(MimeMessage message) {
        try {
            return findPart(message.getContent(), "text/plain");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String htmlPart(MimeMessage message) {
        try {
            return findPart(message.getContent(), "text/html");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String findPart(Object content, String type) throws Exception {
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                jakarta.mail.BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return (String) part.getContent();
                }
                String nested = findPart(part.getContent(), type);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }
}
